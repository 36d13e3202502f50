package dev.twitterlike.bench.chaos;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * After the load has stopped, holds the system to what it acknowledged, reading only through the
 * public API as a client would: every acknowledged tweet readable by id; each author's timeline
 * and each follower's home timeline paged to the end holding every acknowledged tweet exactly
 * once, newest first, and nothing else from this run; like counts equal to the last
 * acknowledged states; one mention notification per mentioning tweet; the run's hashtag counted
 * once per tweet in the trends. The eventually consistent checks (fed through Kafka) are
 * repeated until they pass or the convergence deadline passes.
 */
final class Audit {

    /** One audit check: passed or not, a one-line summary, and the first few problems found. */
    record Check(String name, boolean passed, String detail, List<String> problems) {
        static Check of(String name, String detail, List<String> problems) {
            return new Check(name, problems.isEmpty(), detail, problems.stream().limit(10).toList());
        }
    }

    private final Ledger ledger;
    private final List<User> authors;
    private final List<User> readers;
    private final String run;
    private final String hashtag;

    Audit(Ledger ledger, List<User> authors, List<User> readers, String run, String hashtag) {
        this.ledger = ledger;
        this.authors = authors;
        this.readers = readers;
        this.run = run;
        this.hashtag = hashtag;
    }

    List<Check> run(long convergeUntilNanos) throws InterruptedException {
        List<Check> checks = new ArrayList<>();
        // fed through Kafka: give them until the deadline to converge
        checks.add(eventually("home timelines", this::homeTimelines, convergeUntilNanos));
        checks.add(eventually("mention notifications", this::mentions, convergeUntilNanos));
        checks.add(eventually("hashtag trend", this::trend, convergeUntilNanos));
        // written synchronously: must hold at once
        checks.addAll(tweetsById());
        checks.add(authorTimelines());
        checks.add(writesSettled());
        return checks;
    }

    private static Check eventually(String name, Supplier<Check> check, long untilNanos) throws InterruptedException {
        while (true) {
            Check result;
            try {
                result = check.get();
            } catch (RuntimeException e) {
                result = new Check(name, false, "could not be read", List.of(String.valueOf(e)));
            }
            if (result.passed() || System.nanoTime() > untilNanos) {
                return result;
            }
            Thread.sleep(3_000);
        }
    }

    private List<Check> tweetsById() throws InterruptedException {
        List<Ledger.Posted> posted = ledger.posted();
        ConcurrentLinkedQueue<String> unreadable = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> wrongLikes = new ConcurrentLinkedQueue<>();
        User viewer = readers.get(0);
        // eight at a time: a few thousand GETs in well under a minute, without flooding two cores
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (Ledger.Posted tweet : posted) {
                pool.submit(() -> {
                    Http.Reply reply = null;
                    for (int attempt = 0; attempt < 5; attempt++) {
                        reply = viewer.get("/api/tweets/" + tweet.id());
                        if (reply.status() == 200 || reply.status() == 404) {
                            break;
                        }
                        User.pause(500);
                    }
                    if (reply.status() != 200) {
                        unreadable.add(tweet.id() + " (\"" + tweet.content() + "\"): HTTP " + reply.status());
                        return;
                    }
                    JsonNode body = User.JSON.readTree(reply.body());
                    if (!tweet.content().equals(body.path("content").asString())
                            || !tweet.author().id().equals(body.path("author").path("id").asString())) {
                        unreadable.add(tweet.id() + ": content or author differ: " + reply.body());
                    }
                    int expected = ledger.expectedLikes(tweet.id());
                    int actual = body.path("likeCount").asInt(-1);
                    if (expected >= 0 && actual != expected) {
                        wrongLikes.add(tweet.id() + ": likeCount " + actual + ", acknowledged states add up to " + expected);
                    }
                });
            }
        } finally {
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.MINUTES);
        }
        long liked = posted.stream().filter(t -> ledger.expectedLikes(t.id()) > 0).count();
        return List.of(
                Check.of("every acknowledged tweet readable by id (GET /api/tweets/{id})",
                        posted.size() + " tweets, " + unreadable.size() + " unreadable or wrong", List.copyOf(unreadable)),
                Check.of("like counts equal the last acknowledged like/unlike of each liker",
                        posted.size() + " tweets (" + liked + " liked at the end), " + wrongLikes.size() + " wrong", List.copyOf(wrongLikes)));
    }

    private Check authorTimelines() {
        List<String> problems = new ArrayList<>();
        List<String> details = new ArrayList<>();
        for (User author : authors) {
            List<Ledger.Posted> own = ledger.posted().stream().filter(t -> t.author() == author).toList();
            details.add(author + " " + own.size());
            problems.addAll(compare("user timeline of " + author, Timelines.all(author, "/api/timeline/user/" + author.id()), own));
        }
        return Check.of("each author's timeline (paged to the end): every acknowledged tweet once, newest first, nothing extra",
                String.join(", ", details) + " tweets", problems);
    }

    private Check homeTimelines() {
        // every reader follows every author
        List<Ledger.Posted> all = ledger.posted();
        List<String> problems = new ArrayList<>();
        for (User reader : readers) {
            problems.addAll(compare("home timeline of " + reader, Timelines.all(reader, "/api/timeline/home"), all));
        }
        return Check.of("each follower's home timeline (paged to the end): every acknowledged tweet of the followed authors once, newest first, nothing extra",
                readers.size() + " followers x " + all.size() + " tweets", problems);
    }

    private Check mentions() {
        List<String> problems = new ArrayList<>();
        int expectedTotal = 0;
        for (User reader : readers) {
            Map<String, Ledger.Posted> expected = new HashMap<>();
            for (Ledger.Posted tweet : ledger.posted()) {
                if (reader.username.equals(tweet.mentioned())) {
                    expected.put(tweet.id(), tweet);
                }
            }
            expectedTotal += expected.size();
            Map<String, Integer> seen = new HashMap<>();
            for (JsonNode item : Timelines.all(reader, "/api/notifications?grouped=false")) {
                JsonNode tweet = item.path("tweet");
                if ("mention".equals(item.path("type").asString()) && tweet.path("content").asString("").contains("chaos " + run + " ")) {
                    seen.merge(tweet.path("id").asString(), 1, Integer::sum);
                }
            }
            expected.forEach((id, tweet) -> {
                int n = seen.getOrDefault(id, 0);
                if (n != 1) {
                    problems.add(reader + ": " + n + " mention notifications for " + id + " (\"" + tweet.content() + "\")");
                }
            });
            seen.keySet().stream().filter(id -> !expected.containsKey(id))
                    .forEach(id -> problems.add(reader + ": a mention notification for " + id + ", not an acknowledged tweet"));
        }
        return Check.of("one mention notification per acknowledged mentioning tweet (paged, grouped=false)",
                expectedTotal + " mentions expected", problems);
    }

    private Check trend() {
        long expected = ledger.posted().size();
        JsonNode trends = Timelines.page(readers.get(0), "/api/trends", null, 50);
        for (JsonNode trend : trends.path("items")) {
            if (hashtag.equals(trend.path("hashtag").asString())) {
                long count = trend.path("tweetCount").asLong();
                return Check.of("the run's hashtag #" + hashtag + " counted once per acknowledged tweet (GET /api/trends)",
                        "tweetCount " + count + ", acknowledged " + expected,
                        count == expected ? List.of() : List.of("tweetCount " + count + " != " + expected + " acknowledged tweets"));
            }
        }
        return Check.of("the run's hashtag #" + hashtag + " counted once per acknowledged tweet (GET /api/trends)",
                "not in the top 50", List.of("#" + hashtag + " is not in GET /api/trends?limit=50: " + trends));
    }

    /** A write the system refused, or never acknowledged in two minutes after the load stopped. */
    private Check writesSettled() {
        List<String> problems = new ArrayList<>();
        for (Ledger.Unsettled u : ledger.unsettled()) {
            problems.add(u.what() + ": " + u.result() + ", last HTTP " + u.lastStatus() + " " + abbreviate(u.lastBody()));
        }
        return Check.of("every write acknowledged in the end (none refused, none given up)",
                ledger.unsettled().size() + " unsettled", problems);
    }

    /**
     * Compares a list read from the API with the acknowledged tweets it must hold: each exactly
     * once, ids strictly falling (newest first), no other tweet of this run.
     */
    private List<String> compare(String list, List<JsonNode> items, List<Ledger.Posted> expected) {
        List<String> problems = new ArrayList<>();
        Map<String, Ledger.Posted> byId = new HashMap<>();
        Map<String, Ledger.Posted> byContent = new HashMap<>();
        for (Ledger.Posted tweet : expected) {
            byId.put(tweet.id(), tweet);
            byContent.put(tweet.content(), tweet);
        }
        Map<String, Integer> seen = new LinkedHashMap<>();
        long previous = Long.MAX_VALUE;
        for (JsonNode item : items) {
            String id = item.path("id").asString();
            long sortId = Long.parseLong(id);
            if (sortId >= previous) {
                problems.add(list + ": not newest first at " + id + " (after " + previous + ")");
            }
            previous = sortId;
            String content = item.path("content").asString("");
            if (!content.startsWith("chaos " + run + " ")) {
                continue;
            }
            seen.merge(id, 1, Integer::sum);
            if (!byId.containsKey(id)) {
                Ledger.Posted twin = byContent.get(content);
                if (twin != null) {
                    problems.add(list + ": duplicate write " + id + " with the content of acknowledged " + twin.id() + " (\"" + content + "\")");
                } else if (!ledger.unsettledContent(content)) {
                    problems.add(list + ": " + id + " (\"" + content + "\") was never acknowledged");
                }
            }
        }
        for (Ledger.Posted tweet : expected) {
            int n = seen.getOrDefault(tweet.id(), 0);
            if (n != 1) {
                problems.add(list + ": acknowledged " + tweet.id() + " (\"" + tweet.content() + "\") appears " + n + " times");
            }
        }
        return problems;
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
