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
 * {@code beforeAll}, before the Spring test context is created for the class.
 */
public final class DevStackExtension implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        Set<Infra> wanted = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), UseDevStack.class)
                .map(a -> a.value().length == 0 ? EnumSet.allOf(Infra.class) : EnumSet.copyOf(Arrays.asList(a.value())))
                .orElse(EnumSet.allOf(Infra.class));
        DevStack.get().ensure(wanted).forEach(System::setProperty);
    }
}
