package dev.twitterlike.tweet.cache;

import dev.twitterlike.tweetviews.TweetCache;
import dev.twitterlike.tweetviews.TweetCache.Counts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Puts right what {@link CacheWrites} could not write to the read model's cache after a commit.
 * A failed write leaves Valkey's copy older than PostgreSQL (Valkey was away but kept its data,
 * or a Valkey Cluster master was failing over), and nothing else would replace it before its
 * TTL: counts are replaced only by newer ones, flags and tombstones only by the owner. So the
 * failure is queued in {@code tweets.cache_repairs} and, every {@code cache-repair-interval}
 * (2 s), PostgreSQL's current values are written over the copy with the owner's own writes:
 * the counts with their version, the tombstone of a deleted tweet, the user's like and retweet
 * flags.
 *
 * <p>Each repair runs in a transaction holding the tweet's row ({@code FOR SHARE}): a like or
 * retweet moving that tweet's counts waits until the repair has written, so its own cache write
 * always comes after, and a repair never puts back an older flag. A row is removed only if it
 * was not queued again meanwhile. A repair that fails too (Valkey still away) stays queued.
 *
 * <p>Not covered: a process killed between its commit and its cache write (microseconds; the
 * copy is older until its TTL or the next change of that tweet). Metrics:
 * {@code twitter.cache.repairs} (queued, done) and {@code twitter.cache.repairs.pending}.
 */
@Component
public class CacheRepairs {

    /** The user id of a repair of the tweet's own hash (counts, tombstone). */
    public static final long TWEET = 0;

    private static final Logger log = LoggerFactory.getLogger(CacheRepairs.class);
    private static final int PAGE = 500;

    private record Repair(long tweetId, long userId, OffsetDateTime queuedAt) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final TweetCache cache;
    private final Counter queued;
    private final Counter done;
    private final AtomicLong pending = new AtomicLong();

    CacheRepairs(JdbcClient jdbc, TransactionTemplate transactions, ObjectProvider<TweetCache> cache, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.cache = cache.getIfAvailable();
        this.queued = Counter.builder("twitter.cache.repairs").tag("outcome", "queued")
                .description("read-model cache writes that failed after their commit, queued for repair").register(meters);
        this.done = Counter.builder("twitter.cache.repairs").tag("outcome", "done")
                .description("cached copies put right from PostgreSQL").register(meters);
        Gauge.builder("twitter.cache.repairs.pending", pending, AtomicLong::get)
                .description("repairs queued at the last pass").register(meters);
    }

    /** Queues a repair of the tweet's hash ({@link #TWEET}) or of a user's flags for it. */
    public void queue(long tweetId, long userId) {
        try {
            jdbc.sql("INSERT INTO tweets.cache_repairs (tweet_id, user_id) VALUES (?, ?) "
                            + "ON CONFLICT (tweet_id, user_id) DO UPDATE SET queued_at = now()")
                    .params(tweetId, userId).update();
            queued.increment();
        } catch (DataAccessException e) {
            // PostgreSQL gone right after the commit too: the copy stays older until its TTL or the next change
            log.warn("cache repair of tweet {} (user {}) not queued: {}", tweetId, userId, e.toString());
        }
    }

    /** One pass over the queue, oldest first; stops at the first repair Valkey refuses. Returns how many were done. */
    @Scheduled(fixedDelayString = "${twitter.tweets.cache-repair-interval:2s}")
    public int repair() {
        if (cache == null) {
            return 0;
        }
        List<Repair> repairs;
        try {
            repairs = jdbc.sql("SELECT tweet_id, user_id, queued_at FROM tweets.cache_repairs ORDER BY queued_at LIMIT " + PAGE)
                    .query((rs, n) -> new Repair(rs.getLong(1), rs.getLong(2), rs.getObject(3, OffsetDateTime.class))).list();
        } catch (DataAccessException e) {
            log.debug("PostgreSQL unavailable; cache repairs wait: {}", e.toString());
            return 0;
        }
        pending.set(repairs.size());
        int repaired = 0;
        for (Repair repair : repairs) {
            try {
                transactions.executeWithoutResult(tx -> apply(repair));
            } catch (RuntimeException e) {
                log.debug("cache repairs wait ({} queued): {}", repairs.size() - repaired, e.toString());
                break;
            }
            repaired++;
            done.increment();
        }
        if (repaired > 0) {
            log.info("read-model cache repaired from PostgreSQL: {} of {} queued", repaired, repairs.size());
        }
        return repaired;
    }

    private void apply(Repair repair) {
        // the live tweet's row, held until the repair is written, and its counts (none: deleted or gone)
        Optional<Counts> live = jdbc.sql("SELECT " + CacheWrites.COUNTS + " FROM tweets.tweets WHERE id = ? AND deleted_at IS NULL FOR SHARE")
                .param(repair.tweetId()).query((rs, n) -> CacheWrites.counts(rs)).optional();
        if (repair.userId() == TWEET) {
            live.ifPresentOrElse(counts -> cache.putCounts(repair.tweetId(), counts),
                    () -> cache.deleteTweet(repair.tweetId()));
        } else {
            cache.putLiked(repair.userId(), repair.tweetId(), exists("likes", repair));
            cache.putRetweeted(repair.userId(), repair.tweetId(), exists("retweets", repair));
        }
        jdbc.sql("DELETE FROM tweets.cache_repairs WHERE tweet_id = ? AND user_id = ? AND queued_at = ?")
                .params(repair.tweetId(), repair.userId(), repair.queuedAt()).update();
    }

    private boolean exists(String table, Repair repair) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM tweets." + table + " WHERE user_id = ? AND tweet_id = ?)")
                .params(repair.userId(), repair.tweetId()).query(Boolean.class).single();
    }
}
