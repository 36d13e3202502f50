package dev.twitterlike.graph;

import dev.twitterlike.devstack.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The boundaries of graph-service (devstack's {@link ArchitectureRules}; docs/data-ownership.md). */
class ArchitectureTest {

    @Test
    void theServiceKeepsItsBoundaries() {
        ArchitectureRules.check("graph-service", "dev.twitterlike.graph");
    }
}
