package dev.twitterlike.tweet;

import dev.twitterlike.devstack.ServiceClient.Response;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyTest extends TweetIntegrationTest {

    @Autowired
    DataSource dataSource;

    @Test
    void aReplayReturnsTheFirstResponseUnchangedAndPostsNothing() {
        long author = user();
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("content", "exactly once #idem");
        Response first = client.call("POST", "/api/tweets", body, author, Map.of("Idempotency-Key", key));
        assertThat(first.status()).isEqualTo(201);
        String id = first.body().path("id").asString();
        client.call("POST", "/api/tweets/" + id + "/like", null, user());

        Response replay = client.call("POST", "/api/tweets", body, author, Map.of("Idempotency-Key", key));

        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.text()).as("byte for byte, even though the tweet has been liked since").isEqualTo(first.text());
        assertThat(replay.header("Location")).isEqualTo(first.header("Location"));
        assertThat(replay.contentType()).startsWith("application/json");
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(count("SELECT count(*) FROM tweets.tweets WHERE author_id = ?", author)).isEqualTo(1);
        assertThat(outbox("tweet.created", author)).hasSize(1);
        assertThat(jdbc.sql("SELECT status FROM tweets.idempotency_keys WHERE user_id = ? AND idempotency_key = ?")
                .params(author, key).query(Integer.class).single()).isEqualTo(201);
    }

    @Test
    void aKeyPastItsTimeMayBeUsedAgain() {
        long author = user();
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("content", "yesterday's key");
        assertThat(client.call("POST", "/api/tweets", body, author, Map.of("Idempotency-Key", key)).status()).isEqualTo(201);
        jdbc.sql("UPDATE tweets.idempotency_keys SET created_at = now() - interval '25 hours' WHERE user_id = ? AND idempotency_key = ?")
                .params(author, key).update();
        Response again = client.call("POST", "/api/tweets", body, author, Map.of("Idempotency-Key", key));
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isNull();
        assertThat(count("SELECT count(*) FROM tweets.tweets WHERE author_id = ?", author)).isEqualTo(2);
    }

    @Test
    void theSameKeyWithAnotherBodyIsA422() {
        long author = user();
        String key = UUID.randomUUID().toString();
        assertThat(client.call("POST", "/api/tweets", Map.of("content", "one"), author, Map.of("Idempotency-Key", key)).status()).isEqualTo(201);
        Response reused = client.call("POST", "/api/tweets", Map.of("content", "another"), author, Map.of("Idempotency-Key", key));
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.contentType()).startsWith("application/problem+json");
        assertThat(reused.body().path("type").asString()).endsWith("/idempotency-key-reused");
        // same content, formatted differently and with the optional field spelled out: the same request
        assertThat(client.call("POST", "/api/tweets", "{ \"mediaUrls\": [], \"content\" : \"one\" }", author,
                Map.of("Idempotency-Key", key)).status()).isEqualTo(201);
        assertThat(count("SELECT count(*) FROM tweets.tweets WHERE author_id = ?", author)).isEqualTo(1);
    }

    @Test
    void fiftyConcurrentRequestsWithOneKeyCreateExactlyOneTweet() throws Exception {
        long author = user();
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("content", "clicked fifty times");
        ExecutorService pool = Executors.newFixedThreadPool(50);
        List<Response> responses = new ArrayList<>();
        try {
            List<Callable<Response>> posts = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                posts.add(() -> client.call("POST", "/api/tweets", body, author, Map.of("Idempotency-Key", key)));
            }
            for (Future<Response> f : pool.invokeAll(posts)) {
                responses.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(count("SELECT count(*) FROM tweets.tweets WHERE author_id = ?", author)).isEqualTo(1);
        assertThat(outbox("tweet.created", author)).hasSize(1);
        List<Response> created = responses.stream().filter(r -> r.status() == 201).toList();
        assertThat(responses).allSatisfy(r -> assertThat(r.status()).isIn(201, 409));
        assertThat(created).isNotEmpty();
        assertThat(created.stream().map(r -> r.text()).distinct()).hasSize(1);
        assertThat(created.stream().filter(r -> r.header("Idempotent-Replayed") == null)).as("one original").hasSize(1);
    }

    @Test
    void aDuplicateOfARequestStillRunningGetsA409WithRetryAfterAndLaterTheResponse() throws Exception {
        long author = user();
        String template = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("content", "slow one");
        Response original = client.call("POST", "/api/tweets", body, author, Map.of("Idempotency-Key", template));
        String fingerprint = jdbc.sql("SELECT fingerprint FROM tweets.idempotency_keys WHERE user_id = ? AND idempotency_key = ?")
                .params(author, template).query(String.class).single();

        // a request with this key and body is in flight: its transaction holds the claim, uncommitted
        String key = UUID.randomUUID().toString();
        try (Connection inFlight = dataSource.getConnection()) {
            inFlight.setAutoCommit(false);
            try (PreparedStatement claim = inFlight.prepareStatement(
                    "INSERT INTO tweets.idempotency_keys (user_id, idempotency_key, fingerprint) VALUES (?, ?, ?)")) {
                claim.setLong(1, author);
                claim.setString(2, key);
                claim.setString(3, fingerprint);
                claim.executeUpdate();
            }
            Response waiting = client.call("POST", "/api/tweets", body, author, Map.of("Idempotency-Key", key));
            assertThat(waiting.status()).isEqualTo(409);
            assertThat(waiting.header("Retry-After")).isEqualTo("1");
            assertThat(waiting.body().path("type").asString()).endsWith("/idempotency-key-in-progress");

            // it finishes: the retry gets its response
            try (PreparedStatement done = inFlight.prepareStatement(
                    "UPDATE tweets.idempotency_keys SET status = 201, location = ?, body = ? WHERE user_id = ? AND idempotency_key = ?")) {
                done.setString(1, original.header("Location"));
                done.setString(2, original.text());
                done.setLong(3, author);
                done.setString(4, key);
                done.executeUpdate();
            }
            inFlight.commit();
        }
        Response retried = client.call("POST", "/api/tweets", body, author, Map.of("Idempotency-Key", key));
        assertThat(retried.status()).isEqualTo(201);
        assertThat(retried.text()).isEqualTo(original.text());
        assertThat(count("SELECT count(*) FROM tweets.tweets WHERE author_id = ?", author)).isEqualTo(1);
    }

    @Test
    void aRequestWhoseFirstTryFailedBeforeCommittingPostsOnRetry() throws Exception {
        long author = user();
        String key = UUID.randomUUID().toString();
        // the first try claimed the key, then died (its transaction rolled back, as on a crash)
        try (Connection dying = dataSource.getConnection()) {
            dying.setAutoCommit(false);
            try (PreparedStatement claim = dying.prepareStatement(
                    "INSERT INTO tweets.idempotency_keys (user_id, idempotency_key, fingerprint) VALUES (?, ?, 'x')")) {
                claim.setLong(1, author);
                claim.setString(2, key);
                claim.executeUpdate();
            }
            dying.rollback();
        }
        Response retried = client.call("POST", "/api/tweets", Map.of("content", "second try"), author, Map.of("Idempotency-Key", key));
        assertThat(retried.status()).isEqualTo(201);
        assertThat(retried.header("Idempotent-Replayed")).isNull();
        assertThat(count("SELECT count(*) FROM tweets.tweets WHERE author_id = ?", author)).isEqualTo(1);
    }

    @Test
    void keysBelongToTheirUser() {
        long alice = user();
        long bob = user();
        String key = UUID.randomUUID().toString();
        Response fromAlice = client.call("POST", "/api/tweets", Map.of("content", "hi"), alice, Map.of("Idempotency-Key", key));
        Response fromBob = client.call("POST", "/api/tweets", Map.of("content", "hi"), bob, Map.of("Idempotency-Key", key));
        assertThat(fromAlice.status()).isEqualTo(201);
        assertThat(fromBob.status()).isEqualTo(201);
        assertThat(fromBob.body().path("id")).isNotEqualTo(fromAlice.body().path("id"));
    }

    @Test
    void aRefusedRequestDoesNotUseUpItsKey() {
        long author = user();
        String key = UUID.randomUUID().toString();
        assertThat(client.call("POST", "/api/tweets", Map.of("content", "x".repeat(281)), author, Map.of("Idempotency-Key", key)).status())
                .isEqualTo(400);
        assertThat(count("SELECT count(*) FROM tweets.idempotency_keys WHERE user_id = ?", author)).isZero();
        assertThat(client.call("POST", "/api/tweets", Map.of("content", "shorter"), author, Map.of("Idempotency-Key", key)).status())
                .isEqualTo(201);
    }

    @Test
    void aKeyIsAtMost255VisibleCharacters() {
        long author = user();
        Response tooLong = client.call("POST", "/api/tweets", Map.of("content", "k"), author, Map.of("Idempotency-Key", "k".repeat(256)));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body().path("errors").has("Idempotency-Key")).isTrue();
        assertThat(client.call("POST", "/api/tweets", Map.of("content", "k"), author, Map.of("Idempotency-Key", "k".repeat(255))).status())
                .isEqualTo(201);
        assertThat(client.call("POST", "/api/tweets", Map.of("content", "k"), author, Map.of("Idempotency-Key", "with space")).status())
                .isEqualTo(400);
        assertThat(count("SELECT count(*) FROM tweets.tweets WHERE author_id = ?", author)).isEqualTo(1);
    }
}
