package dev.twitterlike.graph;

import dev.twitterlike.devstack.ServiceClient.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** At most 10 sign-in attempts per username in 15 minutes, from wherever they come. */
class SignInLimitTest extends GraphIntegrationTest {

    private Response signIn(String username, String password) {
        return client.call("POST", "/api/auth/login", Map.of("username", username, "password", password), null);
    }

    @Test
    void theEleventhAttemptIsRefusedEvenWithTheRightPassword() {
        String name = uniqueName("guess");
        String other = uniqueName("other");
        register(name);
        register(other);
        for (int i = 0; i < 10; i++) {
            assertThat(signIn(name, "guess " + i).status()).isEqualTo(401);
        }
        Response refused = signIn(name, "correct horse");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.body().path("type").asString()).isEqualTo("https://twitter-like.dev/problems/too-many-sign-ins");
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
                s -> assertThat(Long.parseLong(s)).isBetween(1L, 900L));
        assertThat(refused.header("Set-Cookie")).isNull();
        // the same answer for a wrong password: the limit tells nothing about the password
        Response wrong = signIn(name, "still guessing");
        assertThat(wrong.status()).isEqualTo(429);
        // (the seconds left may have ticked on between the two)
        assertThat(wrong.body().path("detail").asString().replaceAll("\\d+ s$", "N s"))
                .isEqualTo(refused.body().path("detail").asString().replaceAll("\\d+ s$", "N s"))
                .isEqualTo("Too many sign-in attempts for this account; try again in N s");
        assertThat(wrong.body().path("type")).isEqualTo(refused.body().path("type"));
        assertThat(wrong.headers().firstValue("Retry-After")).hasValueSatisfying(
                s -> assertThat(Long.parseLong(s)).isBetween(1L, 900L));
        // case does not make another account, and other accounts are untouched
        assertThat(signIn(name.toUpperCase(), "correct horse").status()).isEqualTo(429);
        assertThat(signIn(other, "correct horse").status()).isEqualTo(200);

        // the window passes: the right password works, and the count starts again
        jdbc.sql("UPDATE graph.sign_in_attempts SET window_started = now() - interval '16 minutes' WHERE username_key = ?")
                .param(name.toLowerCase()).update();
        assertThat(signIn(name, "correct horse").status()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT count(*) FROM graph.sign_in_attempts WHERE username_key = ?").param(name.toLowerCase())
                .query(Long.class).single()).isZero();
    }

    /** Unknown names are counted like real ones: the 429 does not reveal that an account exists. */
    @Test
    void unknownUsernamesAreLimitedAlike() {
        String nobody = uniqueName("nobody");
        for (int i = 0; i < 10; i++) {
            assertThat(signIn(nobody, "guess " + i).status()).isEqualTo(401);
        }
        assertThat(signIn(nobody, "guess").status()).isEqualTo(429);
    }

    @Test
    void aSuccessfulSignInClearsTheCount() {
        String name = uniqueName("forgot");
        register(name);
        for (int i = 0; i < 9; i++) {
            assertThat(signIn(name, "almost " + i).status()).isEqualTo(401);
        }
        assertThat(signIn(name, "correct horse").status()).isEqualTo(200);
        for (int i = 0; i < 10; i++) {
            assertThat(signIn(name, "again " + i).status()).isEqualTo(401);
        }
    }

    /** Guesses sent at once cannot slip past the count: each is counted before its password is checked. */
    @Test
    void concurrentGuessesAreCountedExactly() throws Exception {
        String name = uniqueName("burst");
        register(name);
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Callable<Integer>> guesses = IntStream.range(0, 30)
                    .<Callable<Integer>>mapToObj(i -> () -> signIn(name, "burst " + i).status()).toList();
            List<Integer> statuses = pool.invokeAll(guesses).stream().map(f -> {
                try {
                    return f.get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
            assertThat(statuses.stream().filter(s -> s == 401).count()).isEqualTo(10);
            assertThat(statuses.stream().filter(s -> s == 429).count()).isEqualTo(20);
        } finally {
            pool.shutdownNow();
        }
    }
}
