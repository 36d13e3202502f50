package dev.twitterlike.devstack;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the test class against real servers: put it on a {@code @SpringBootTest} class (before
 * or after the Spring annotations) and the servers it names are started once per JVM and
 * wired in through the {@code spring.datasource.*}, {@code spring.data.redis.*} and
 * {@code spring.kafka.bootstrap-servers} properties.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(DevStackExtension.class)
public @interface UseDevStack {

    /** The servers this test needs; all three when empty. */
    Infra[] value() default {};
}
