package dev.twitterlike.devstack;

import dev.twitterlike.devstack.Infrastructure.Source;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one choice of where each server comes from, with the Docker engine probe stood in for. */
class InfrastructureTest {

    private static final BooleanSupplier ENGINE = () -> true;
    private static final BooleanSupplier NO_ENGINE = () -> false;

    @Test
    void containersWhereADockerEngineAnswers() {
        Infrastructure infrastructure = new Infrastructure(Map.of(), ENGINE);
        for (Infra infra : Infra.values()) {
            assertThat(infrastructure.choose(infra)).as(infra.name()).isEqualTo(Source.CONTAINERS);
        }
    }

    @Test
    void embeddedWhereNoEngineAnswers() {
        Infrastructure infrastructure = new Infrastructure(Map.of(), NO_ENGINE);
        for (Infra infra : Infra.values()) {
            assertThat(infrastructure.choose(infra)).as(infra.name()).isEqualTo(Source.EMBEDDED);
        }
        assertThat(new Infrastructure(Map.of("DEVSTACK", "auto"), NO_ENGINE).choose(Infra.KAFKA)).isEqualTo(Source.EMBEDDED);
        assertThat(new Infrastructure(Map.of("DEVSTACK", "auto"), ENGINE).choose(Infra.KAFKA)).isEqualTo(Source.CONTAINERS);
    }

    @Test
    void devstackTestcontainersForcesContainersAndSaysSoWhenNoEngineAnswers() {
        assertThat(new Infrastructure(Map.of("DEVSTACK", "testcontainers"), ENGINE).choose(Infra.POSTGRES)).isEqualTo(Source.CONTAINERS);
        assertThatThrownBy(() -> new Infrastructure(Map.of("DEVSTACK", "testcontainers"), NO_ENGINE).choose(Infra.POSTGRES))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("DEVSTACK=testcontainers, but no Docker engine answers");
    }

    @Test
    void devstackEmbeddedKeepsTheEmbeddedServersWithoutAskingTheEngine() {
        AtomicInteger asked = new AtomicInteger();
        Infrastructure infrastructure = new Infrastructure(Map.of("DEVSTACK", "embedded"), () -> asked.incrementAndGet() > 0);
        assertThat(infrastructure.choose(Infra.REDIS)).isEqualTo(Source.EMBEDDED);
        assertThat(asked).hasValue(0);
    }

    @Test
    void externalServersWinOverContainersAndEmbedded() {
        Map<String, String> env = Map.of(
                "SPRING_DATASOURCE_URL", "jdbc:postgresql://db.example:5432/twitter",
                "SPRING_KAFKA_BOOTSTRAP_SERVERS", "kafka.example:9092",
                "DEVSTACK", "testcontainers");
        Infrastructure infrastructure = new Infrastructure(env, ENGINE);
        assertThat(infrastructure.choose(Infra.POSTGRES)).isEqualTo(Source.EXTERNAL);
        assertThat(infrastructure.choose(Infra.KAFKA)).isEqualTo(Source.EXTERNAL);
        // Redis is not named: it comes from where DEVSTACK says
        assertThat(infrastructure.choose(Infra.REDIS)).isEqualTo(Source.CONTAINERS);
        // an external server is used even where no engine answers and containers were asked for
        assertThat(new Infrastructure(env, NO_ENGINE).choose(Infra.POSTGRES)).isEqualTo(Source.EXTERNAL);
        // a blank variable names nothing
        assertThat(new Infrastructure(Map.of("SPRING_DATA_REDIS_HOST", " "), NO_ENGINE).choose(Infra.REDIS)).isEqualTo(Source.EMBEDDED);
    }

    @Test
    void theEngineIsAskedOnceAndOnlyWhenTheChoiceDependsOnIt() {
        AtomicInteger asked = new AtomicInteger();
        Infrastructure infrastructure = new Infrastructure(Map.of("SPRING_DATA_REDIS_HOST", "cache.example"),
                () -> asked.incrementAndGet() < 0);
        assertThat(infrastructure.choose(Infra.REDIS)).isEqualTo(Source.EXTERNAL);
        assertThat(asked).hasValue(0);
        infrastructure.choose(Infra.POSTGRES);
        infrastructure.choose(Infra.KAFKA);
        assertThat(asked).hasValue(1);
    }

    @Test
    void anUnknownValueIsRefusedWithTheOnesThereAre() {
        assertThatThrownBy(() -> new Infrastructure(Map.of("DEVSTACK", "docker"), ENGINE).choose(Infra.KAFKA))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DEVSTACK=docker").hasMessageContaining("testcontainers, embedded, auto");
    }

    @Test
    void thisMachinesProbeSaysNoWithoutLoadingTestcontainersWhereNothingPointsAtAnEngine() {
        // the default probe: on a machine with neither DOCKER_HOST nor a socket, no engine (and no error)
        org.junit.jupiter.api.Assumptions.assumeTrue(DockerEngine.describe().startsWith("DOCKER_HOST is unset"),
                "something here could point at a Docker engine: " + DockerEngine.describe());
        long t0 = System.nanoTime();
        assertThat(DockerEngine.answers()).isFalse();
        assertThat((System.nanoTime() - t0) / 1_000_000).as("ms to say no").isLessThan(100);
    }
}
