package dev.twitterlike.notification.reading;

/** Who did it: the API's user summary. */
public record UserSummary(String id, String username, String displayName, String avatarUrl) {
}
