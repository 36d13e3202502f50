package dev.twitterlike.graph.user;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * The public User object. Ids are strings (JavaScript loses digits past 2^53);
 * {@code followedByMe} is present only for a signed-in viewer. {@code tier} is how the fanout
 * treats the user's tweets ({@code normal}: pushed to every follower; {@code influencer}: pushed to
 * followers who read recently, the others catch up; {@code celebrity}: pulled at read time;
 * docs/fanout.md), {@code celebrity} the same as a flag.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserView(String id, String username, String displayName, String bio, String location,
        String avatarUrl, int followerCount, int followingCount, int tweetCount, boolean celebrity, String tier,
        Instant createdAt, Boolean followedByMe) {

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public String avatarUrl() {
        return avatarUrl;
    }
}
