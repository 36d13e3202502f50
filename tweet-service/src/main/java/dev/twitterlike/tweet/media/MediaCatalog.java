package dev.twitterlike.tweet.media;

import dev.twitterlike.common.web.Problems;
import dev.twitterlike.tweet.users.UserDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The record of every stored image ({@code tweets.media}: name, uploader, size, the tweet that
 * carries it), kept together with the files in {@link MediaStorage}:
 * <ul>
 *   <li><b>upload</b>: under a per-user lock, the user's images must leave room for this one within
 *       the quota (413 problem {@code media-quota-exceeded} otherwise, nothing stored); the file is
 *       written and the row inserted in one transaction, and the file is removed again if the row
 *       does not commit. A process killed between the two leaves a file without a row, which the
 *       cleanup removes;</li>
 *   <li><b>attach</b>: a tweet takes only its author's own uploads that no tweet took yet;</li>
 *   <li><b>serve</b>: an image is shown while it is unattached or its tweet is not deleted (a
 *       soft-deleted tweet's images are 404 at once);</li>
 *   <li><b>cleanup</b> (every {@code cleanup-interval}): uploads no tweet took within
 *       {@code unattached-ttl}, and that are nobody's profile picture ({@link UserDirectory#isAvatar}), are removed, row then file, and so are files that no row accounts
 *       for once they are that old. The purge of deleted tweets removes their images
 *       ({@link #forget}).</li>
 * </ul>
 */
@Component
public class MediaCatalog {

    private static final Logger log = LoggerFactory.getLogger(MediaCatalog.class);
    /** The first key of the per-user upload lock (the second is the user id). */
    private static final int QUOTA_LOCK = 0x6d656469; // "medi"

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final MediaStorage storage;
    private final MediaProperties properties;

    MediaCatalog(JdbcClient jdbc, TransactionTemplate transactions, MediaStorage storage, MediaProperties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.storage = storage;
        this.properties = properties;
    }

    /** A stream of the upload's bytes, opened as often as needed. */
    interface Content {
        InputStream open() throws IOException;
    }

    /** Stores the image for the user within their quota, file and row together; returns its name. */
    String store(long ownerId, long size, String extension, Content content) {
        AtomicReference<String> written = new AtomicReference<>();
        try {
            transactions.executeWithoutResult(tx -> {
                jdbc.sql("SELECT 1 FROM pg_advisory_xact_lock(?, ?)").params(QUOTA_LOCK, (int) ownerId ^ (int) (ownerId >>> 32))
                        .query(Integer.class).single();
                long used = jdbc.sql("SELECT COALESCE(sum(size_bytes), 0) FROM tweets.media WHERE owner_id = ?")
                        .param(ownerId).query(Long.class).single();
                long quota = properties.quota().toBytes();
                if (used + size > quota) {
                    throw Problems.of(HttpStatus.CONTENT_TOO_LARGE, "media-quota-exceeded",
                            "Your images take " + size(used) + " of your " + size(quota) + "; this one does not fit. "
                                    + "Images of deleted tweets are freed when the tweets are purged, unused uploads after "
                                    + properties.unattachedTtl().toHours() + " h");
                }
                try (InputStream in = content.open()) {
                    written.set(storage.store(in, extension));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                jdbc.sql("INSERT INTO tweets.media (name, owner_id, size_bytes) VALUES (?, ?, ?)")
                        .params(written.get(), ownerId, size).update();
            });
            return written.get();
        } catch (RuntimeException e) {
            if (written.get() != null) {
                delete(written.get());
            }
            if (e instanceof UncheckedIOException io) {
                log.warn("an upload could not be stored: {}", io.getCause().toString());
                throw Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "media-storage-unavailable",
                        "Images cannot be stored right now; try again shortly");
            }
            throw e;
        }
    }

    /**
     * Gives the tweet these images, in the caller's transaction: each must be the author's own
     * upload that no tweet took yet, else the whole post is a 400 naming {@code mediaUrls}.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void attach(long tweetId, long authorId, Collection<String> names) {
        if (names.isEmpty()) {
            return;
        }
        int taken = jdbc.sql("UPDATE tweets.media SET tweet_id = :tweet WHERE name IN (:names) AND owner_id = :author AND tweet_id IS NULL")
                .param("tweet", tweetId).param("names", names).param("author", authorId).update();
        if (taken != names.size()) {
            throw Problems.invalid(Map.of("mediaUrls", "must be your own URLs returned by POST /api/media, not yet in a tweet"));
        }
    }

    /** Whether the image may be shown: stored, and unattached or in a tweet that is not deleted. */
    boolean visible(String name) {
        return jdbc.sql("""
                        SELECT count(*) FROM tweets.media m LEFT JOIN tweets.tweets t ON t.id = m.tweet_id
                         WHERE m.name = ? AND (m.tweet_id IS NULL OR t.deleted_at IS NULL)""")
                .param(name).query(Long.class).single() > 0;
    }

    /** Removes the files of images whose rows were deleted in a transaction that has committed. */
    public void forget(Collection<String> names) {
        names.forEach(this::delete);
    }

    @Scheduled(fixedDelayString = "${twitter.media.cleanup-interval}", initialDelayString = "PT1M")
    void cleanup() {
        removeUnattachedBefore(Instant.now().minus(properties.unattachedTtl()));
    }

    /**
     * Removes uploads made before {@code cutoff} that no tweet took (row, then file once the
     * delete committed), and files written before it that no row accounts for. Returns how many
     * files went.
     */
    public int removeUnattachedBefore(Instant cutoff) {
        int removed = 0;
        List<String> batch;
        do {
            batch = transactions.execute(tx -> jdbc.sql("""
                            DELETE FROM tweets.media WHERE name IN (
                                SELECT m.name FROM tweets.media m WHERE m.tweet_id IS NULL AND m.created_at < ?
                                   -- a profile picture is an upload no tweet takes: kept while it is one
                                   AND NOT %s
                                 ORDER BY m.created_at LIMIT 1000 FOR UPDATE OF m SKIP LOCKED)
                            RETURNING name""".formatted(UserDirectory.isAvatar("'/media/' || m.name")))
                    .param(Timestamp.from(cutoff)).query(String.class).list());
            forget(batch);
            removed += batch.size();
        } while (batch.size() == 1000);

        List<String> old;
        try {
            old = storage.writtenBefore(cutoff);
        } catch (IOException e) {
            log.warn("media directory not readable for the cleanup: {}", e.toString());
            return removed;
        }
        if (!old.isEmpty()) {
            Set<String> recorded = new HashSet<>(jdbc.sql("SELECT name FROM tweets.media WHERE name = ANY(?)")
                    .param(old.toArray(String[]::new)).query(String.class).list());
            for (String name : old) {
                if (!recorded.contains(name)) {
                    delete(name);
                    removed++;
                }
            }
        }
        if (removed > 0) {
            log.info("media cleanup: removed {} files of uploads no tweet took since before {}", removed, cutoff);
        }
        return removed;
    }

    private void delete(String name) {
        try {
            storage.delete(name);
        } catch (IOException e) {
            // without its row it is removed by the next cleanup
            log.warn("could not remove media file {}: {}", name, e.toString());
        }
    }

    private static String size(long bytes) {
        return bytes >= 1024 * 1024 ? Math.round(bytes / (1024.0 * 1024.0)) + " MB" : Math.round(bytes / 1024.0) + " KB";
    }
}
