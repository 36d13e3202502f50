package dev.twitterlike.tweet.posting;

import dev.twitterlike.tweet.text.TweetText;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * {@code POST /api/tweets}. The content's own rules (length in code points after NFC, not blank)
 * are checked by {@link TweetText}; ids are strings, as everywhere in the API.
 *
 * @param mediaUrls up to 4 URLs returned by {@code POST /api/media}
 */
public record CreateTweetRequest(
        @NotNull(message = "is required") String content,
        @Pattern(regexp = "[0-9]{1,19}", message = "must be a tweet id") String replyTo,
        @Size(max = 4, message = "must have at most 4 items") List<@NotNull(message = "must not be null") String> mediaUrls) {

    public CreateTweetRequest {
        // absent and empty mean the same, also to the Idempotency-Key fingerprint
        mediaUrls = mediaUrls == null ? List.of() : mediaUrls;
    }
}
