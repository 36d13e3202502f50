package dev.twitterlike.timeline.stream;

import dev.twitterlike.common.events.Topics;
import dev.twitterlike.common.timeline.TimelineEntry;
import dev.twitterlike.common.web.LiveStreams;
import dev.twitterlike.timeline.home.HomeTimeline;
import dev.twitterlike.timeline.home.TimelineSql;
import dev.twitterlike.timeline.hydration.Hydrator;
import dev.twitterlike.tweetviews.TweetView;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;

import java.io.IOException;
import java.util.List;

/**
 * {@code GET /api/timeline/stream}: new tweets for the signed-in user's home timeline, as
 * server-sent events. Every instance of the service reads every new tweet and retweet from
 * Kafka (a consumer group of its own), and sends it to the streams it holds whose users follow
 * the author (normal and celebrity alike; one query per event for all of them). The event id
 * is the entry's Snowflake sort id, so a client that reconnects with {@code Last-Event-ID}
 * gets what it missed from the home timeline itself (everything newer than that id) before
 * the live events: nothing is lost across a reconnect, with any number of instances.
 *
 * <p>Streams are held in {@link LiveStreams}, with the limits every stream shares (streams per
 * user and per instance, a lifetime after which the client reconnects), and end at once when
 * one of their user's sessions ends ({@code session.ended}, read by every instance).
 */
@Component
public class HomeStream implements SmartLifecycle {

    private final LiveStreams<SseEmitter> streams;
    private final TimelineSql sql;
    private final Hydrator hydrator;
    private final HomeTimeline home;
    private final JsonMapper json;

    private volatile boolean running;

    HomeStream(TimelineSql sql, Hydrator hydrator, HomeTimeline home, JsonMapper json, LiveStreams.Limits limits,
            MeterRegistry meters) {
        this.streams = new LiveStreams<>(limits);
        this.sql = sql;
        this.hydrator = hydrator;
        this.home = home;
        this.json = json;
        Gauge.builder("twitter.timeline.streams", streams, LiveStreams::size)
                .description("connected home timeline streams").register(meters);
    }

    /** A new stream of the user's home timeline; 429 or 503 problem when over a limit ({@link LiveStreams}). */
    public SseEmitter open(long userId, Long lastEventId) {
        SseEmitter emitter = streams.open(userId, e -> e).emitter();
        try {
            emitter.send(SseEmitter.event().comment("connected"));
            if (lastEventId != null) {
                List<TweetView> missed = home.read(userId, 100, null, lastEventId).items();
                for (int i = missed.size() - 1; i >= 0; i--) {
                    TweetView tweet = missed.get(i);
                    send(emitter, sortIdOf(tweet), tweet);
                }
            }
        } catch (IOException | IllegalStateException e) {
            emitter.completeWithError(e);
        }
        return emitter;
    }

    @KafkaListener(id = "timeline-stream", topics = {Topics.TWEET_CREATED, Topics.RETWEET_CREATED},
            groupId = "timeline-stream-#{T(java.util.UUID).randomUUID()}")
    void onNewTweet(String value) {
        if (streams.isEmpty()) {
            return;
        }
        JsonNode event = json.readTree(value);
        JsonNode payload = event.required("payload");
        TimelineEntry entry = Topics.RETWEET_CREATED.equals(event.required("type").asString())
                ? TimelineEntry.retweet(id(payload, "retweetId"), id(payload, "userId"), id(payload, "tweetId"))
                : TimelineEntry.tweet(id(payload, "id"), id(payload, "authorId"));
        Long[] connected = streams.users();
        List<Long> recipients = sql.audienceAmong(entry.sourceId(), connected);
        if (recipients.isEmpty()) {
            return;
        }
        List<Hydrator.Shown> shown = hydrator.hydrate(List.of(entry), null);
        if (shown.isEmpty()) {
            return;
        }
        for (long recipient : recipients) {
            for (SseEmitter emitter : streams.of(recipient)) {
                send(emitter, entry.sortId(), shown.get(0).tweet());
            }
        }
    }

    /** A comment line on every open stream, so idle connections stay open through proxies. */
    @Scheduled(fixedDelayString = "${twitter.timeline.stream-heartbeat}")
    void heartbeat() {
        streams.forEach(emitter -> {
            try {
                emitter.send(SseEmitter.event().comment("heartbeat"));
            } catch (IOException | IllegalStateException e) {
                emitter.completeWithError(e);
            }
        });
    }

    /**
     * One of the user's sessions ended (graph-service's {@code session.ended}): every instance
     * reads it (a consumer group of its own, from the newest record) and ends the user's streams
     * it holds. The browser's EventSource reconnects; the gateway lets the streams of the
     * user's other, still valid sessions back in and answers the ended one with 401.
     */
    @KafkaListener(id = "timeline-sessions", topics = Topics.SESSION_ENDED,
            groupId = "timeline-sessions-#{T(java.util.UUID).randomUUID()}", properties = "auto.offset.reset=latest")
    void onSessionEnded(String value) {
        streams.end(id(json.readTree(value).required("payload"), "userId"));
    }

    /**
     * Ends every stream before the web server's graceful shutdown, which would otherwise wait
     * for these long responses; clients reconnect (with Last-Event-ID) to another instance.
     */
    @Override
    public void stop() {
        running = false;
        streams.endAll();
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private static void send(SseEmitter emitter, long id, TweetView tweet) {
        try {
            emitter.send(SseEmitter.event().name("tweet").id(Long.toString(id)).data(tweet));
        } catch (IOException | IllegalStateException e) {
            emitter.completeWithError(e);
        }
    }

    private static long sortIdOf(TweetView tweet) {
        return Long.parseLong(tweet.id());
    }

    private static long id(JsonNode payload, String field) {
        JsonNode node = payload.required(field);
        return node.isString() ? Long.parseLong(node.asString()) : node.asLong();
    }
}
