package dev.twitterlike.fanout;

import dev.twitterlike.common.timeline.TimelineEntry;
import dev.twitterlike.common.timeline.TimelineStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.RedisCallback;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** The timeline store's pipelined writes, as the fanout uses them: several batches in flight, scripts by SHA-1. */
class TimelinePipelineTest extends FanoutIntegrationTest {

    @Autowired
    TimelineStore timelines;

    @Test
    void batchesInFlightTogetherInsertEveryEntryOnceInOrderAndOnlyIntoCachedTimelines() {
        List<Long> cached = users(3_000);
        List<Long> uncached = users(10);
        cached.forEach(this::cacheTimeline);
        long author = users(1).get(0);
        TimelineEntry older = TimelineEntry.tweet(IDS.nextId(), author);
        TimelineEntry newer = TimelineEntry.tweet(IDS.nextId(), author);
        List<CompletableFuture<TimelineStore.Pushed>> inFlight = new ArrayList<>();
        // the newer entry first, the older one overtaken by it, then both again (redeliveries),
        // all sent before any batch is answered
        for (TimelineEntry entry : List.of(newer, older, newer, older)) {
            for (int from = 0; from < cached.size(); from += 500) {
                inFlight.add(timelines.push(cached.subList(from, from + 500), entry));
            }
            inFlight.add(timelines.push(uncached, entry));
        }
        assertThat(inFlight).as("sent without waiting").anyMatch(batch -> !batch.isDone());
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
        assertThat(inFlight.stream().mapToInt(batch -> batch.join().inserted()).sum())
                .as("each entry inserted once into each cached timeline, the redeliveries nothing").isEqualTo(2 * cached.size());

        assertThat(cached).allSatisfy(user -> assertThat(timeline(user)).containsExactly(newer.encode(), older.encode(), "1:0"));
        assertThat(uncached).allSatisfy(user -> assertThat(redis.hasKey(TimelineStore.timelineKey(user))).isFalse());
    }

    @Test
    void aValkeyThatLostItsScriptsIsGivenThemAgainAndNoInsertIsMissed() {
        List<Long> fans = users(200);
        fans.forEach(this::cacheTimeline);
        long author = users(1).get(0);
        TimelineEntry first = TimelineEntry.tweet(IDS.nextId(), author);
        timelines.push(fans, first).join();
        // as after a restart: Valkey forgets every script
        redis.execute((RedisCallback<Object>) connection -> {
            connection.scriptingCommands().scriptFlush();
            return null;
        });
        TimelineEntry second = TimelineEntry.tweet(IDS.nextId(), author);
        timelines.push(fans, second).join();

        assertThat(fans).allSatisfy(fan -> assertThat(timeline(fan)).containsExactly(second.encode(), first.encode(), "1:0"));
    }

    @Test
    void aFullTimelineKeepsItsSizeAndLosesItsOldestEntry() {
        long user = users(1).get(0);
        long author = users(1).get(0);
        int size = timelines.properties().timelineSize();
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            entries.add(0, TimelineEntry.tweet(IDS.nextId(), author).encode());
        }
        cacheTimeline(user, entries.toArray(String[]::new));
        redis.opsForList().leftPop(TimelineStore.timelineKey(user)); // the fixture's sentinel heads it: sentinel out, newest first
        assertThat(timeline(user)).hasSize(size).first().isEqualTo(entries.get(0));
        TimelineEntry newest = TimelineEntry.tweet(IDS.nextId(), author);

        timelines.push(List.of(user), newest).join();

        List<String> expected = new ArrayList<>(entries.subList(0, size - 1));
        expected.add(0, newest.encode());
        assertThat(timeline(user)).containsExactlyElementsOf(expected);
    }
}
