package dev.twitterlike.timeline.stream;

import dev.twitterlike.common.events.IncomingEvent;
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
 * <p>Streams are held in the hub ({@link LiveStreams}, the {@code homeStreams} bean), with the
 * lifecycle and limits every stream shares (streams per user and per instance, a lifetime after
 * which the client reconnects, heartbeats, the end of all streams before shutdown), and end at
 * once when one of their user's sessions ends ({@code session.ended}, read by every instance).
 */
@Component
public class HomeStream {

    private final LiveStreams<LiveStreams.Connection> streams;
    private final TimelineSql sql;
    private final Hydrator hydrator;
    private final HomeTimeline home;

    HomeStream(LiveStreams<LiveStreams.Connection> homeStreams, TimelineSql sql, Hydrator hydrator, HomeTimeline home,
            MeterRegistry meters) {
        this.streams = homeStreams;
        this.sql = sql;
        this.hydrator = hydrator;
        this.home = home;
        Gauge.builder("twitter.timeline.streams", streams, LiveStreams::size)
                .description("connected home timeline streams").register(meters);
    }

    /** A new stream of the user's home timeline; 429 or 503 problem when over a limit ({@link LiveStreams}). */
    public SseEmitter open(long userId, Long lastEventId) {
        LiveStreams.Opened<LiveStreams.Connection> opened = streams.open(userId, connection -> connection);
        if (lastEventId != null) {
            List<TweetView> missed = home.read(userId, 100, null, lastEventId).items();
            for (int i = missed.size() - 1; i >= 0; i--) {
                TweetView tweet = missed.get(i);
                send(opened.stream(), sortIdOf(tweet), tweet);
            }
        }
        return opened.emitter();
    }

    @KafkaListener(id = "timeline-stream", topics = {Topics.TWEET_CREATED, Topics.RETWEET_CREATED},
            groupId = "timeline-stream-#{T(java.util.UUID).randomUUID()}")
    void onNewTweet(String value) {
        IncomingEvent event = IncomingEvent.read(value);
        TimelineEntry entry = Topics.RETWEET_CREATED.equals(event.type())
                ? TimelineEntry.retweet(event.id("retweetId"), event.id("userId"), event.id("tweetId"))
                : TimelineEntry.tweet(event.id("id"), event.id("authorId"));
        if (streams.isEmpty()) {
            return;
        }
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
            for (LiveStreams.Connection stream : streams.of(recipient)) {
                send(stream, entry.sortId(), shown.get(0).tweet());
            }
        }
    }

    @Scheduled(fixedDelayString = "${twitter.timeline.stream-heartbeat}")
    void heartbeat() {
        streams.heartbeat();
    }

    /** Every instance reads {@code session.ended} (a consumer group of its own, from the newest record). */
    @KafkaListener(id = "timeline-sessions", topics = Topics.SESSION_ENDED,
            groupId = "timeline-sessions-#{T(java.util.UUID).randomUUID()}", properties = "auto.offset.reset=latest")
    void onSessionEnded(String value) {
        streams.endSession(value);
    }

    private static void send(LiveStreams.Connection stream, long id, TweetView tweet) {
        stream.send(SseEmitter.event().name("tweet").id(Long.toString(id)).data(tweet));
    }

    private static long sortIdOf(TweetView tweet) {
        return Long.parseLong(tweet.id());
    }
}
