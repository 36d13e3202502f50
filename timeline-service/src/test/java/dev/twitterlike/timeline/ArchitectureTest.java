package dev.twitterlike.timeline;

import dev.twitterlike.devstack.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The boundaries of timeline-service (devstack's {@link ArchitectureRules}; docs/data-ownership.md). */
class ArchitectureTest {

    @Test
    void theServiceKeepsItsBoundaries() {
        ArchitectureRules.check("timeline-service", "dev.twitterlike.timeline");
    }
}
