package dev.twitterlike.trend;

import dev.twitterlike.devstack.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The boundaries of trend-service (devstack's {@link ArchitectureRules}; docs/data-ownership.md). */
class ArchitectureTest {

    @Test
    void theServiceKeepsItsBoundaries() {
        ArchitectureRules.check("trend-service", "dev.twitterlike.trend");
    }
}
