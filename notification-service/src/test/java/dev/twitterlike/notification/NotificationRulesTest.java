package dev.twitterlike.notification;

import dev.twitterlike.common.events.EventEnvelope;
import dev.twitterlike.common.events.Topics;
import dev.twitterlike.devstack.DeadLetters;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who is notified of what, fed by real Kafka events. Where a test shows that something did NOT
 * happen, it then sends a sentinel event with the same key to the same topic: the same partition,
 * so once the sentinel's notification exists the event before it has been processed too.
 */
class NotificationRulesTest extends NotificationTestSupport {

    @Test
    void aRedeliveredEventMakesOneNotification() {
        long author = user();
        long fan = user();
        long tweet = tweet(author);
        EventEnvelope<Map<String, Object>> like = publish(Topics.LIKE_CREATED, fan, engagement(fan, tweet, author));
        awaitCount(author, 1);
        send(like);
        send(like);
        publish(Topics.LIKE_CREATED, fan, engagement(fan, tweet(author), author));
        awaitCount(author, 2);
        assertThat(jdbc.sql("SELECT count(*) FROM notifications.notifications WHERE source_event_id = ?")
                .param(like.eventId()).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void nobodyIsNotifiedOfTheirOwnActs() {
        long me = user();
        long other = user();
        long mine = tweet(me);
        long reply = tweet(me, mine, List.of(me));
        publish(Topics.LIKE_CREATED, me, engagement(me, mine, me));
        publish(Topics.RETWEET_CREATED, me, retweet(newId(), me, mine, me));
        publish(Topics.TWEET_CREATED, me, tweetCreated(reply, me, mine, me, List.of(me)));
        publish(Topics.FOLLOW_NEW, me, follow(me, me));
        // sentinels: the same acts towards someone else, same keys, same partitions
        long theirs = tweet(other);
        publish(Topics.LIKE_CREATED, me, engagement(me, theirs, other));
        publish(Topics.RETWEET_CREATED, me, retweet(newId(), me, theirs, other));
        long mention = tweet(me, null, List.of(other));
        publish(Topics.TWEET_CREATED, me, tweetCreated(mention, me, null, null, List.of(other)));
        publish(Topics.FOLLOW_NEW, me, follow(me, other));
        awaitCount(other, 4);
        assertThat(types(other)).containsExactly("follow", "like", "mention", "retweet");
        assertThat(count(me)).isZero();
    }

    @Test
    void aReplyNotifiesTheParentsAuthorOnceAndEveryOtherMentionedUserOnce() {
        long parentAuthor = user();
        long replier = user();
        long mentioned = user();
        long parent = tweet(parentAuthor);
        long reply = tweet(replier, parent, List.of(parentAuthor, mentioned, replier));
        // ids as strings, a user mentioned twice, the replier mentioning themself
        publish(Topics.TWEET_CREATED, replier, tweetCreated(reply, replier, parent, parentAuthor,
                List.of(Long.toString(parentAuthor), Long.toString(mentioned), Long.toString(mentioned), Long.toString(replier))));
        awaitCount(parentAuthor, 1);
        awaitCount(mentioned, 1);
        assertThat(types(parentAuthor)).as("reply wins over the mention").containsExactly("reply");
        assertThat(types(mentioned)).containsExactly("mention");
        assertThat(jdbc.sql("SELECT tweet_id FROM notifications.notifications WHERE recipient_id = ?")
                .param(mentioned).query(Long.class).single()).isEqualTo(reply);
        publish(Topics.TWEET_CREATED, replier, tweetCreated(tweet(replier), replier, null, null, List.of(mentioned)));
        awaitCount(mentioned, 2);
        assertThat(count(replier)).isZero();
    }

    @Test
    void withoutReplyToAuthorIdTheParentsAuthorIsLookedUp() {
        long parentAuthor = user();
        long replier = user();
        long parent = tweet(parentAuthor);
        long reply = tweet(replier, parent, List.of());
        publish(Topics.TWEET_CREATED, replier, tweetCreated(reply, replier, parent, null, List.of()));
        awaitCount(parentAuthor, 1);
        assertThat(types(parentAuthor)).containsExactly("reply");
    }

    @Test
    void unlikeRemovesTheLikeAndTheLateOrRedeliveredLikeDoesNotBringItBack() {
        long author = user();
        long fan = user();
        long tweet = tweet(author);
        EventEnvelope<Map<String, Object>> like = publish(Topics.LIKE_CREATED, fan, engagement(fan, tweet, author));
        awaitCount(author, 1);
        publish(Topics.LIKE_REMOVED, fan, engagement(fan, tweet, author));
        awaitCount(author, 0);
        send(like);
        publish(Topics.LIKE_CREATED, fan, engagement(fan, tweet(author), author));
        awaitCount(author, 1);
        assertThat(jdbc.sql("SELECT source_key FROM notifications.notifications WHERE recipient_id = ?")
                .param(author).query(String.class).single()).isNotEqualTo("like:" + fan + ":" + tweet);
        // liking again later is a new like, and notifies again
        publish(Topics.LIKE_CREATED, fan, engagement(fan, tweet, author));
        awaitCount(author, 2);
    }

    @Test
    void anUndoProcessedBeforeItsCauseStillWins() {
        long author = user();
        long fan = user();
        long tweet = tweet(author);
        Instant liked = Instant.now().minusSeconds(2);
        send(eventAt(Topics.LIKE_REMOVED, fan, liked.plusMillis(500), engagement(fan, tweet, author)));
        send(eventAt(Topics.RETWEET_REMOVED, fan, liked.plusMillis(500), retweet(1L, fan, tweet, author)));
        awaitUndone("retweet:" + fan + ":" + tweet);
        awaitUndone("like:" + fan + ":" + tweet);
        send(eventAt(Topics.LIKE_CREATED, fan, liked, engagement(fan, tweet, author)));
        send(eventAt(Topics.RETWEET_CREATED, fan, liked, retweet(1L, fan, tweet, author)));
        long other = tweet(author);
        publish(Topics.LIKE_CREATED, fan, engagement(fan, other, author));
        publish(Topics.RETWEET_CREATED, fan, retweet(2L, fan, other, author));
        awaitCount(author, 2);
        assertThat(jdbc.sql("SELECT DISTINCT tweet_id FROM notifications.notifications WHERE recipient_id = ?")
                .param(author).query(Long.class).list()).containsExactly(other);
    }

    @Test
    void unfollowAndUnRetweetRemoveTheirNotifications() {
        long author = user();
        long fan = user();
        long tweet = tweet(author);
        publish(Topics.FOLLOW_NEW, fan, follow(fan, author));
        long retweetId = newId();
        publish(Topics.RETWEET_CREATED, fan, retweet(retweetId, fan, tweet, author));
        awaitCount(author, 2);
        publish(Topics.FOLLOW_REMOVED, fan, Map.of("followerId", fan, "followeeId", author));
        awaitCount(author, 1);
        assertThat(types(author)).containsExactly("retweet");
        publish(Topics.RETWEET_REMOVED, fan, retweet(retweetId, fan, tweet, author));
        awaitCount(author, 0);
    }

    @Test
    void aDeletedTweetTakesItsMentionsRepliesLikesAndRetweetsWithIt() {
        long parentAuthor = user();
        long author = user();
        long mentioned = user();
        long fan = user();
        long parent = tweet(parentAuthor);
        long tweet = tweet(author, parent, List.of(mentioned));
        publish(Topics.TWEET_CREATED, author, tweetCreated(tweet, author, parent, parentAuthor, List.of(mentioned)));
        publish(Topics.LIKE_CREATED, fan, engagement(fan, tweet, author));
        publish(Topics.RETWEET_CREATED, fan, retweet(newId(), fan, tweet, author));
        // the parent's own like stays: only what is from or about the deleted tweet goes
        publish(Topics.LIKE_CREATED, fan, engagement(fan, parent, parentAuthor));
        awaitCount(mentioned, 1);
        awaitCount(parentAuthor, 2);
        awaitCount(author, 2);
        fixtures.sql("UPDATE tweets.tweets SET deleted_at = now() WHERE id = ?").param(tweet).update();
        publish(Topics.TWEET_DELETED, author, Map.of("id", Long.toString(tweet), "authorId", author, "hashtags", List.of(),
                "replyTo", parent));
        awaitCount(author, 0);
        awaitCount(mentioned, 0);
        awaitCount(parentAuthor, 1);
        assertThat(types(parentAuthor)).containsExactly("like");
        // a like of the deleted tweet that arrives late does not notify
        publish(Topics.LIKE_CREATED, fan, engagement(fan, tweet, author));
        publish(Topics.LIKE_CREATED, fan, engagement(fan, tweet(author), author));
        awaitCount(author, 1);
        assertThat(jdbc.sql("SELECT tweet_id FROM notifications.notifications WHERE recipient_id = ?")
                .param(author).query(Long.class).single()).isNotEqualTo(tweet);
    }

    private void awaitUndone(String sourceKey) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                jdbc.sql("SELECT count(*) FROM notifications.undone_sources WHERE source_key = ?")
                        .param(sourceKey).query(Integer.class).single() == 1);
    }


    @Test
    void anEventWithAMissingOrNonNumericIdOrNoTimeGoesToTheDeadLetterTopicAndNotifiesNobody() {
        long author = user();
        long fan = user();
        long tweet = tweet(author);
        String wordUser = JSON.writeValueAsString(event(Topics.LIKE_CREATED, fan, Map.of("userId", "fan", "tweetId", tweet,
                "tweetAuthorId", author)));
        String noTime = JSON.writeValueAsString(event(Topics.LIKE_CREATED, fan, engagement(fan, tweet, author)))
                .replaceFirst("\"occurredAt\":\"[^\"]*\",", "");
        String noFollower = JSON.writeValueAsString(event(Topics.FOLLOW_NEW, fan, Map.of("followeeId", author)));
        assertThat(noTime).doesNotContain("occurredAt");
        kafka.send(Topics.LIKE_CREATED, Long.toString(fan), wordUser).join();
        kafka.send(Topics.LIKE_CREATED, Long.toString(fan), noTime).join();
        kafka.send(Topics.FOLLOW_NEW, Long.toString(fan), noFollower).join();

        DeadLetters.await(Topics.LIKE_CREATED, wordUser, "notifications", Duration.ofSeconds(30));
        DeadLetters.await(Topics.LIKE_CREATED, noTime, "notifications", Duration.ofSeconds(30));
        DeadLetters.await(Topics.FOLLOW_NEW, noFollower, "notifications", Duration.ofSeconds(30));
        // the sentinel: same key, same partition as the likes
        publish(Topics.LIKE_CREATED, fan, engagement(fan, tweet(author), author));
        awaitCount(author, 1);
        assertThat(types(author)).containsExactly("like");
    }
}
