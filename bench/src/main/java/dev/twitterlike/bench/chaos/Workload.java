package dev.twitterlike.bench.chaos;

import io.netty.handler.codec.http.HttpMethod;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The mixed load, each actor on its own thread, behaving as real clients do:
 * authors post (every third tweet mentions a reader; every tweet carries the run's hashtag)
 * with an Idempotency-Key and retry with the same key until acknowledged; likers like and
 * unlike recent tweets, retrying each operation until acknowledged; readers read their home
 * timeline every ~50 ms and sign in again on a 401.
 */
final class Workload {

    private final ChaosConfig config;
    private final Metrics metrics;
    private final Ledger ledger;
    private final Writes writes;
    private final List<User> authors;
    private final List<User> likers;
    private final List<User> readers;
    private final String run;
    private final String hashtag;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong readsDone = new AtomicLong();
    private volatile boolean running;

    Workload(ChaosConfig config, Metrics metrics, Ledger ledger, List<User> authors, List<User> likers, List<User> readers,
            String run, String hashtag) {
        this.config = config;
        this.metrics = metrics;
        this.ledger = ledger;
        this.authors = authors;
        this.likers = likers;
        this.readers = readers;
        this.run = run;
        this.hashtag = hashtag;
        this.writes = new Writes(metrics, () -> running);
    }

    void start() {
        running = true;
        for (int i = 0; i < authors.size(); i++) {
            int author = i;
            threads.add(start("author-" + i, () -> author(author)));
        }
        for (int i = 0; i < likers.size(); i++) {
            User liker = likers.get(i);
            long seed = i;
            threads.add(start("liker-" + i, () -> liker(liker, new SplittableRandom(seed))));
        }
        for (int i = 0; i < readers.size(); i++) {
            User reader = readers.get(i);
            threads.add(start("reader-" + i, () -> reader(reader)));
        }
    }

    /** Stops the load: the actors finish what they are doing (a write in flight is retried until acknowledged, within a grace period). */
    void stop() throws InterruptedException {
        running = false;
        writes.stopping();
        for (Thread thread : threads) {
            thread.join(TimeUnit.MINUTES.toMillis(3));
        }
    }

    /** Each actor on a thread of its own: thirteen blocking clients, as thirteen people would be. */
    private static Thread start(String name, Runnable actor) {
        Thread thread = new Thread(actor, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    long reads() {
        return readsDone.get();
    }

    private void author(int index) {
        User author = authors.get(index);
        SplittableRandom random = new SplittableRandom(100 + index);
        for (long seq = 1; running; seq++) {
            // every third tweet mentions one of the readers, in turn
            String mentioned = seq % 3 == 0 ? readers.get((int) ((seq / 3 + index) % readers.size())).username : null;
            String content = "chaos " + run + " a" + index + " n" + seq + " #" + hashtag + (mentioned == null ? "" : " @" + mentioned);
            String body = User.json(Map.of("content", content));
            Map<String, String> key = Map.of("Idempotency-Key", run + "-a" + index + "-" + seq);
            Writes.Outcome outcome = writes.untilAcknowledged(author,
                    () -> author.send(HttpMethod.POST, "/api/tweets", body, key),
                    reply -> reply.status() == 201 || reply.status() == 200);
            if (outcome.acknowledged()) {
                String id = User.JSON.readTree(outcome.last().body()).path("id").asString();
                ledger.posted(new Ledger.Posted(id, author, seq, content, mentioned, System.nanoTime(), outcome.attempts()));
            } else {
                ledger.unsettledPost(content, outcome);
            }
            // a little jitter, so the four authors do not post in lockstep
            User.pause(config.postIntervalMs() * 3 / 4 + random.nextInt(config.postIntervalMs() / 2 + 1));
        }
    }

    private void liker(User liker, SplittableRandom random) {
        while (running) {
            Ledger.Posted tweet = ledger.recent(random);
            if (tweet != null) {
                boolean like = !ledger.liked(tweet.id(), liker);
                String path = "/api/tweets/" + tweet.id() + "/like";
                Writes.Outcome outcome = writes.untilAcknowledged(liker,
                        () -> liker.send(like ? HttpMethod.POST : HttpMethod.DELETE, path, null, Map.of()),
                        reply -> reply.status() == 200 && Boolean.valueOf(like).equals(likedIn(reply)));
                if (outcome.acknowledged()) {
                    ledger.likeAcknowledged(tweet.id(), liker, like);
                } else {
                    ledger.unsettledLike(tweet.id(), like, outcome);
                }
            }
            User.pause(config.likeIntervalMs());
        }
    }

    /** The {@code liked} of a like/unlike answer, or null if the body is not one. */
    private static Boolean likedIn(Http.Reply reply) {
        try {
            JsonNode liked = User.JSON.readTree(reply.body()).path("liked");
            return liked.isBoolean() ? liked.asBoolean() : null;
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    private void reader(User reader) {
        long interval = TimeUnit.MILLISECONDS.toNanos(config.readIntervalMs());
        long next = System.nanoTime();
        while (running) {
            Http.Reply reply = reader.get("/api/timeline/home?limit=20");
            metrics.read(reply.status(), reply.micros());
            readsDone.incrementAndGet();
            if (reply.status() == 401) {
                // the session is gone (or the gateway could not check it): sign in again, once; the next read tells
                reader.signIn();
            }
            next += interval;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                User.pause(TimeUnit.NANOSECONDS.toMillis(wait));
            } else {
                next = System.nanoTime();
            }
        }
    }
}
