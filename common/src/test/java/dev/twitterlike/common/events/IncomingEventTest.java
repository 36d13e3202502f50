package dev.twitterlike.common.events;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.core.JacksonException;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The reader's one rule: ids are positive whole numbers, times ISO-8601, anything else a dead letter. */
class IncomingEventTest {

    private static final String EVENT_ID = "0b5ad2a4-8c8e-4d37-9d0c-2a8f8a1c9e01";

    private static IncomingEvent event(String payload) {
        return IncomingEvent.read("""
                {"eventId":"%s","type":"tweet.created","occurredAt":"2026-12-01T16:54:29.481Z","key":"7","payload":%s}"""
                .formatted(EVENT_ID, payload));
    }

    @Test
    void readsTheEnvelopeAndIdsAsNumbersOrStringsExactly() {
        IncomingEvent event = event("""
                {"id":9007199254740993,"authorId":"9223372036854775807","mentions":[1,"2"],"replyTo":null,"extra":{"x":1}}""");
        assertThat(event.type()).isEqualTo("tweet.created");
        assertThat(event.eventId()).isEqualTo(UUID.fromString(EVENT_ID));
        assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-12-01T16:54:29.481Z"));
        assertThat(event.id("id")).as("beyond a double's exact range").isEqualTo(9007199254740993L);
        assertThat(event.id("authorId")).isEqualTo(Long.MAX_VALUE);
        assertThat(event.ids("mentions")).containsExactly(1L, 2L);
        assertThat(event.optionalId("replyTo")).isNull();
        assertThat(event.optionalId("replyToAuthorId")).isNull();
        assertThat(event.ids("hashtags")).as("an absent list is empty").isEmpty();
        assertThat(event.optionalTime("createdAt")).isNull();
    }

    @Test
    void aMissingOrNullIdIsADeadLetterNeverAZero() {
        assertThatThrownBy(() -> event("{}").id("id")).isInstanceOf(UnreadableEvent.class).hasMessageContaining("payload.id");
        assertThatThrownBy(() -> event("{\"id\":null}").id("id")).isInstanceOf(UnreadableEvent.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "\"-5\"", "\"0\"", "1.5", "1e3", "\"12a\"", "\"\"", "\" 12\"", "true", "[1]", "{}",
            "\"99999999999999999999\"", "99999999999999999999", "\"0x1F\""})
    void anIdThatIsNotAPositiveWholeNumberIsADeadLetter(String id) {
        IncomingEvent event = event("{\"id\":" + id + ",\"replyTo\":" + id + ",\"mentions\":[3," + id + "]}");
        assertThatThrownBy(() -> event.id("id")).isInstanceOf(UnreadableEvent.class);
        assertThatThrownBy(() -> event.optionalId("replyTo")).as("present but malformed").isInstanceOf(UnreadableEvent.class);
        assertThatThrownBy(() -> event.ids("mentions")).isInstanceOf(UnreadableEvent.class).hasMessageContaining("mentions[1]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1764608069", "1764608069.481", "\"yesterday\"", "\"2026-12-01\"", "\"2026-12-01 16:54:29\"", "\"\"", "{}"})
    void aTimeThatIsNotIso8601IsADeadLetter(String time) {
        IncomingEvent event = event("{\"createdAt\":" + time + "}");
        assertThatThrownBy(() -> event.optionalTime("createdAt")).isInstanceOf(UnreadableEvent.class);
        IncomingEvent envelope = IncomingEvent.read("{\"type\":\"t\",\"occurredAt\":" + time + ",\"payload\":{}}");
        assertThatThrownBy(envelope::occurredAt).isInstanceOf(UnreadableEvent.class);
    }

    @Test
    void aMissingTimeOrEventIdInTheEnvelopeIsADeadLetterNeverNow() {
        IncomingEvent bare = IncomingEvent.read("{\"type\":\"t\",\"payload\":{}}");
        assertThatThrownBy(bare::occurredAt).isInstanceOf(UnreadableEvent.class).hasMessageContaining("occurredAt");
        assertThatThrownBy(bare::eventId).isInstanceOf(UnreadableEvent.class).hasMessageContaining("eventId");
        assertThatThrownBy(() -> IncomingEvent.read("{\"eventId\":\"not-a-uuid\",\"payload\":{}}").eventId())
                .isInstanceOf(UnreadableEvent.class);
        assertThatThrownBy(() -> IncomingEvent.read("{\"payload\":{}}").type()).isInstanceOf(UnreadableEvent.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{not json", "", "42", "[]", "{\"type\":\"t\"}", "{\"type\":\"t\",\"payload\":[1]}"})
    void aRecordThatIsNotAnEnvelopeIsADeadLetter(String value) {
        assertThatThrownBy(() -> IncomingEvent.read(value)).isInstanceOf(UnreadableEvent.class);
    }

    @Test
    void consumerErrorsSendUnreadableEventsStraightToTheDeadLetterTopic() {
        var handler = ConsumerErrors.retryThenDeadLetter(new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of())));
        assertThat(handler.removeClassification(UnreadableEvent.class)).as("classified as not retryable").isFalse();
        assertThat(handler.removeClassification(JacksonException.class)).isFalse();
    }
}
