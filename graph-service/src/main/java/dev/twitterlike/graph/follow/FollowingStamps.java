package dev.twitterlike.graph.follow;

import dev.twitterlike.common.timeline.TimelineStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Renews a user's following stamp ({@link TimelineStore#renewFollowingStamp}) once a follow or unfollow has
 * committed, so that timeline-service's cached copy of whom they follow is read again and an
 * unfollowed author disappears from the very next home timeline read. Best effort: with Valkey
 * away the follow still succeeds (the cached copies are unreadable then anyway), and
 * fanout-worker renews the stamp again when the event reaches it.
 */
@Component
class FollowingStamps {

    private static final Logger log = LoggerFactory.getLogger(FollowingStamps.class);

    private final TimelineStore store;
    private final Counter failures;

    FollowingStamps(TimelineStore store, MeterRegistry meters) {
        this.store = store;
        this.failures = Counter.builder("twitter.graph.following.stamp.failures")
                .description("following stamps not renewed at commit (fanout-worker renews them later)").register(meters);
    }

    /** Renews the stamp after the current transaction commits (at once when there is none). */
    void renewAfterCommit(long userId) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            renew(userId);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                renew(userId);
            }
        });
    }

    private void renew(long userId) {
        try {
            store.renewFollowingStamp(userId);
        } catch (RuntimeException e) {
            failures.increment();
            log.warn("following stamp of {} not renewed: {}", userId, e.toString());
        }
    }
}
