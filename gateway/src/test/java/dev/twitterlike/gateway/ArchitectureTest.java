package dev.twitterlike.gateway;

import dev.twitterlike.devstack.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The boundaries of gateway (devstack's {@link ArchitectureRules}; docs/data-ownership.md). */
class ArchitectureTest {

    @Test
    void theServiceKeepsItsBoundaries() {
        ArchitectureRules.check("gateway", "dev.twitterlike.gateway");
    }
}
