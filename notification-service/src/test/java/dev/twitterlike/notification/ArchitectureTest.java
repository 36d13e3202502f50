package dev.twitterlike.notification;

import dev.twitterlike.devstack.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The boundaries of notification-service (devstack's {@link ArchitectureRules}; docs/data-ownership.md). */
class ArchitectureTest {

    @Test
    void theServiceKeepsItsBoundaries() {
        ArchitectureRules.check("notification-service", "dev.twitterlike.notification");
    }
}
