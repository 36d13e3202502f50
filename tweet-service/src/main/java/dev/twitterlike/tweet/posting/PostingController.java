package dev.twitterlike.tweet.posting;

import dev.twitterlike.common.web.CurrentUser;
import dev.twitterlike.tweet.reading.TweetQueries;
import jakarta.validation.Valid;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;

/**
 * Post and delete tweets. The created tweet is rendered to JSON once, here, so that a replay of
 * its {@code Idempotency-Key} sends the very same bytes.
 */
@RestController
@RequestMapping("/api/tweets")
class PostingController {

    private final Tweets tweets;
    private final TweetQueries queries;
    private final IdempotencyGuard idempotency;
    private final JsonMapper json;

    PostingController(Tweets tweets, TweetQueries queries, IdempotencyGuard idempotency, JsonMapper json) {
        this.tweets = tweets;
        this.queries = queries;
        this.idempotency = idempotency;
        this.json = json;
    }

    @PostMapping
    ResponseEntity<String> post(@CurrentUser long userId, @Valid @RequestBody CreateTweetRequest request,
            @RequestHeader(name = IdempotencyGuard.HEADER, required = false) String idempotencyKey) {
        IdempotencyGuard.Outcome outcome = idempotency.once(userId, idempotencyKey, request, () -> {
            long id = tweets.post(userId, request);
            String body = json.writeValueAsString(queries.byId(id, userId).orElseThrow());
            return new IdempotencyGuard.Outcome(201, "/api/tweets/" + id, body, false);
        });
        ResponseEntity.BodyBuilder response = ResponseEntity.status(outcome.status())
                .location(URI.create(outcome.location()))
                .contentType(MediaType.APPLICATION_JSON);
        if (outcome.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.body(outcome.body());
    }

    @DeleteMapping("/{id:\\d+}")
    ResponseEntity<Void> delete(@CurrentUser long userId, @PathVariable long id) {
        tweets.delete(userId, id);
        return ResponseEntity.noContent().build();
    }
}
