package dev.twitterlike.tweet.reading;

import dev.twitterlike.common.web.CurrentUser;
import dev.twitterlike.common.web.Problems;
import dev.twitterlike.tweet.text.TweetText;
import dev.twitterlike.tweetviews.TweetView;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/** A tweet, its replies, and the tweets carrying a hashtag. Signed-in viewers also see what they liked and retweeted. */
@RestController
class ReadingController {

    private final TweetQueries queries;

    ReadingController(TweetQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/api/tweets/{id:\\d+}")
    TweetView tweet(@PathVariable long id, @CurrentUser(required = false) Long viewerId) {
        return queries.byId(id, viewerId).orElseThrow(() -> Problems.notFound("tweet", id));
    }

    @GetMapping("/api/tweets/{id:\\d+}/replies")
    Page<TweetView> replies(@PathVariable long id, @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit, @CurrentUser(required = false) Long viewerId) {
        TweetCursor after = TweetCursor.decode(cursor);
        if (!queries.isVisible(id)) {
            throw Problems.notFound("tweet", id);
        }
        return queries.replies(id, after, limit, viewerId);
    }

    @GetMapping("/api/hashtags/{tag}/tweets")
    Page<TweetView> byHashtag(@PathVariable String tag, @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit, @CurrentUser(required = false) Long viewerId) {
        String normalised = TweetText.normaliseHashtag(tag)
                .orElseThrow(() -> Problems.invalid(Map.of("tag", "is not a hashtag")));
        return queries.byHashtag(normalised, TweetCursor.decode(cursor), limit, viewerId);
    }
}
