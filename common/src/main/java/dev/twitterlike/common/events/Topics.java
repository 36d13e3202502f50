package dev.twitterlike.common.events;

import java.util.List;

/**
 * Kafka topic names, as the design names them. Every topic is keyed by the acting user's id,
 * so one user's events keep their order within a partition. Each has a dead-letter topic
 * {@code <topic>.dlt} where records that can never be processed end up. Every service declares
 * all of them, {@link #PARTITIONS} partitions each and one per dead-letter topic
 * ({@link EventsAutoConfiguration}): whichever starts first creates them, so no listener
 * subscribes to a topic that does not exist yet.
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

    /** Partitions of every topic: the most consumer instances of one group that can share the work. */
    public static final int PARTITIONS = 6;

    public static final List<String> ALL = List.of(
            TWEET_CREATED, TWEET_DELETED, FOLLOW_NEW, FOLLOW_REMOVED, LIKE_CREATED, LIKE_REMOVED,
            RETWEET_CREATED, RETWEET_REMOVED, USER_UPDATED, SESSION_ENDED);

    private Topics() {
    }

    public static String deadLetter(String topic) {
        return topic + ".dlt";
    }
}
