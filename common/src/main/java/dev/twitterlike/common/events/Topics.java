package dev.twitterlike.common.events;

/**
 * Kafka topic names, as the design names them. Every topic is keyed by the acting user's id,
 * so one user's events keep their order within a partition. Each has a dead-letter topic
 * {@code <topic>.dlt} where records that keep failing end up.
 */
public final class Topics {

    public static final String TWEET_CREATED = "tweet.created";
    public static final String TWEET_DELETED = "tweet.deleted";
    public static final String FOLLOW_NEW = "follow.new";
    public static final String FOLLOW_REMOVED = "follow.removed";
    public static final String LIKE_CREATED = "like.created";
    public static final String LIKE_REMOVED = "like.removed";
    public static final String RETWEET_CREATED = "retweet.created";
    public static final String RETWEET_REMOVED = "retweet.removed";
    public static final String USER_UPDATED = "user.updated";
    /**
     * A session ended (sign-out, or a sign-in that retired the browser's previous session).
     * Every instance that holds live streams reads it in broadcast fashion (a consumer group
     * of its own) and ends that user's streams.
     */
    public static final String SESSION_ENDED = "session.ended";

    private Topics() {
    }

    public static String deadLetter(String topic) {
        return topic + ".dlt";
    }
}
