package dev.twitterlike.bench.chaos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * What the system acknowledged to the clients, the truth the audit holds it to: every tweet
 * whose POST got a 201 (or its replay 200), and each liker's last acknowledged like state per
 * tweet. Writes that were refused or never acknowledged are kept apart: they prove nothing
 * either way, except that a refused write is itself a failure.
 */
final class Ledger {

    /** An acknowledged tweet. {@code mentioned} is the username it mentions, or null. */
    record Posted(String id, User author, long seq, String content, String mentioned, long acknowledgedAtNanos, int attempts) {
        long sortId() {
            return Long.parseLong(id);
        }
    }

    /** A write that was never acknowledged: its outcome is unknown (or it was refused outright). */
    record Unsettled(String what, Writes.Result result, int lastStatus, String lastBody) {
    }

    private final List<Posted> posted = new ArrayList<>();
    private final Map<String, Map<String, Boolean>> likes = new ConcurrentHashMap<>();
    private final Set<String> unsettledLikeTweets = ConcurrentHashMap.newKeySet();
    private final Set<String> unsettledContents = ConcurrentHashMap.newKeySet();
    private final List<Unsettled> unsettled = new ArrayList<>();

    synchronized void posted(Posted tweet) {
        posted.add(tweet);
    }

    synchronized List<Posted> posted() {
        return List.copyOf(posted);
    }

    /** One of the last 30 acknowledged tweets (the ones people like), or null before the first. */
    synchronized Posted recent(RandomGenerator random) {
        if (posted.isEmpty()) {
            return null;
        }
        int window = Math.min(30, posted.size());
        return posted.get(posted.size() - 1 - random.nextInt(window));
    }

    boolean liked(String tweetId, User liker) {
        return likes.getOrDefault(tweetId, Map.of()).getOrDefault(liker.username, false);
    }

    void likeAcknowledged(String tweetId, User liker, boolean liked) {
        likes.computeIfAbsent(tweetId, id -> new ConcurrentHashMap<>()).put(liker.username, liked);
    }

    /** The like count the acknowledged states add up to, or -1 when one of them is unknown. */
    int expectedLikes(String tweetId) {
        if (unsettledLikeTweets.contains(tweetId)) {
            return -1;
        }
        return (int) likes.getOrDefault(tweetId, Map.of()).values().stream().filter(Boolean::booleanValue).count();
    }

    synchronized void unsettledPost(String content, Writes.Outcome outcome) {
        unsettledContents.add(content);
        unsettled.add(new Unsettled("post \"" + content + "\"", outcome.result(), outcome.last().status(), outcome.last().body()));
    }

    synchronized void unsettledLike(String tweetId, boolean like, Writes.Outcome outcome) {
        unsettledLikeTweets.add(tweetId);
        unsettled.add(new Unsettled((like ? "like " : "unlike ") + tweetId, outcome.result(), outcome.last().status(), outcome.last().body()));
    }

    /** Content of a post that was never acknowledged: its tweet may or may not exist. */
    boolean unsettledContent(String content) {
        return unsettledContents.contains(content);
    }

    synchronized List<Unsettled> unsettled() {
        return List.copyOf(unsettled);
    }

    synchronized Map<String, Long> likeTotals() {
        Map<String, Long> totals = new HashMap<>();
        likes.forEach((tweet, states) -> states.forEach((liker, liked) -> {
            if (liked) {
                totals.merge(liker, 1L, Long::sum);
            }
        }));
        return totals;
    }
}
