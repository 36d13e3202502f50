package dev.twitterlike.devstack;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * Starts the servers a test class asks for and publishes their coordinates as system
 * properties, which Spring Boot reads before any property file. It runs in
 * {@code beforeAll}, before the Spring test context is created for the class. It also gives the
 * services under test their internal secret ({@link #TEST_SECRET}), which they have no default for.
 */
public final class DevStackExtension implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        Set<Infra> wanted = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), UseDevStack.class)
                .map(a -> a.value().length == 0 ? EnumSet.allOf(Infra.class) : EnumSet.copyOf(Arrays.asList(a.value())))
                .orElse(EnumSet.allOf(Infra.class));
        DevStack.get().ensure(wanted).forEach(System::setProperty);
        // the services have no default secret (they refuse to start without one): tests share this
        if (System.getenv("INTERNAL_SECRET") == null && System.getProperty("INTERNAL_SECRET") == null) {
            System.setProperty("INTERNAL_SECRET", TEST_SECRET);
        }
    }

    /** The internal secret the services under test run with: the environment's, else {@link #TEST_SECRET}. */
    public static String internalSecret() {
        String secret = System.getenv("INTERNAL_SECRET");
        if (secret == null) {
            secret = System.getProperty("INTERNAL_SECRET", TEST_SECRET);
        }
        return secret;
    }

    /** The internal secret of services under test, unless the environment names one. */
    public static final String TEST_SECRET = "devstack-test-secret-not-for-any-installation";
}
