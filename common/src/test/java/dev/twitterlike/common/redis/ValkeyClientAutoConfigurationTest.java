package dev.twitterlike.common.redis;

import io.lettuce.core.resource.ClientResources;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.observation.LettuceObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** Every service's Lettuce client keeps no per-command observation or latency histogram, even with Spring Boot's Lettuce observation present. */
class ValkeyClientAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withBean(ObservationRegistry.class, ObservationRegistry::create);

    @Test
    void withoutItSpringBootTracesEveryCommand() {
        runner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, LettuceObservationAutoConfiguration.class))
                .run(context -> assertThat(context.getBean(ClientResources.class).tracing().isEnabled()).isTrue());
    }

    @Test
    void withItNoCommandIsTracedOrTimed() {
        runner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, LettuceObservationAutoConfiguration.class,
                        ValkeyClientAutoConfiguration.class))
                .run(context -> {
                    ClientResources resources = context.getBean(ClientResources.class);
                    assertThat(resources.tracing().isEnabled()).isFalse();
                    assertThat(resources.commandLatencyRecorder().isEnabled()).isFalse();
                });
    }
}
