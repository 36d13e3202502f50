package dev.twitterlike.graph.user;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * The public User object. Ids are strings (JavaScript loses digits past 2^53);
 * {@code followedByMe} is present only for a signed-in viewer.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserView(String id, String username, String displayName, String bio, String location,
        String avatarUrl, int followerCount, int followingCount, int tweetCount, boolean celebrity,
        Instant createdAt, Boolean followedByMe) {

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public String avatarUrl() {
        return avatarUrl;
    }
}
