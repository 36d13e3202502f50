package dev.twitterlike.graph.follow;

import dev.twitterlike.graph.GraphProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code graph.users.is_influencer} in step with the configured threshold: every follow
 * and unfollow sets it from the new count ({@link Follows}), and at start-up every flag that the
 * threshold now says otherwise is corrected (the threshold was changed, or counts were loaded in
 * bulk). The fanout reads the flag (docs/fanout.md, "Three tiers"); nothing on the read side
 * depends on it, so it may change at any moment without losing or duplicating an entry.
 */
@Component
public class InfluencerFlags {

    private static final Logger log = LoggerFactory.getLogger(InfluencerFlags.class);

    private final JdbcClient jdbc;
    private final GraphProperties properties;

    InfluencerFlags(JdbcClient jdbc, GraphProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void reconcile() {
        try {
            int changed = jdbc.sql("""
                            UPDATE graph.users SET is_influencer = (follower_count >= :threshold)
                             WHERE is_influencer <> (follower_count >= :threshold)
                            """)
                    .param("threshold", properties.influencerThreshold()).update();
            if (changed > 0) {
                log.info("influencer flags set from the threshold ({} followers): {} users changed tier",
                        properties.influencerThreshold(), changed);
            }
        } catch (RuntimeException e) {
            // PostgreSQL away at start-up: the flags are corrected by the next follow of each user, or the next start
            log.warn("influencer flags not reconciled: {}", e.toString());
        }
    }
}
