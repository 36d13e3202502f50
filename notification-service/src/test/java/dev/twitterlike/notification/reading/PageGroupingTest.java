package dev.twitterlike.notification.reading;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How one page of notifications becomes items, without a database: grouping, the limit, the cursor. */
class PageGroupingTest {

    private static final long TWEET = 500;
    private static final long OTHER_TWEET = 600;

    @Test
    void likesOfOneTweetJoinOneItemWhereTheNewestStandsAndRetweetsOfItAnother() {
        PageGrouping page = new PageGrouping(10, true);
        for (NotificationRow row : List.of(like(10, TWEET), follow(9), retweet(8, TWEET), like(7, TWEET), like(6, OTHER_TWEET),
                retweet(5, TWEET))) {
            assertThat(page.take(row)).isTrue();
        }
        assertThat(ids(page.items())).containsExactly(List.of(10L, 7L), List.of(9L), List.of(8L, 5L), List.of(6L));
        assertThat(page.lastTaken()).isEqualTo(5);
    }

    @Test
    void followsAndMentionsStandAloneEvenOnTheSameTweet() {
        PageGrouping page = new PageGrouping(10, true);
        page.take(row(4, "mention", TWEET));
        page.take(row(3, "mention", TWEET));
        page.take(row(2, "reply", TWEET));
        page.take(follow(1));
        assertThat(ids(page.items())).containsExactly(List.of(4L), List.of(3L), List.of(2L), List.of(1L));
    }

    @Test
    void ungroupedEveryNotificationIsAnItem() {
        PageGrouping page = new PageGrouping(10, false);
        page.take(like(3, TWEET));
        page.take(like(2, TWEET));
        assertThat(ids(page.items())).containsExactly(List.of(3L), List.of(2L));
    }

    @Test
    void thePageEndsBeforeTheNotificationThatWouldStartOneItemTooManyAndTheCursorIsTheLastTaken() {
        PageGrouping page = new PageGrouping(2, true);
        assertThat(page.take(like(10, TWEET))).isTrue();
        assertThat(page.take(follow(9))).isTrue();
        assertThat(page.take(like(8, TWEET))).as("joins an item already on the page").isTrue();
        assertThat(page.take(follow(7))).as("would be a third item").isFalse();
        assertThat(page.take(like(6, TWEET))).as("still joins its group").isTrue();
        assertThat(ids(page.items())).containsExactly(List.of(10L, 8L, 6L), List.of(9L));
        assertThat(page.lastTaken()).isEqualTo(6);
    }

    @Test
    void ungroupedThePageHoldsExactlyTheLimit() {
        PageGrouping page = new PageGrouping(2, false);
        assertThat(page.take(like(3, TWEET))).isTrue();
        assertThat(page.take(like(2, TWEET))).isTrue();
        assertThat(page.take(like(1, TWEET))).isFalse();
        assertThat(page.items()).hasSize(2);
        assertThat(page.lastTaken()).isEqualTo(2);
    }

    @Test
    void anEmptyPageHasNoItemsAndNoCursor() {
        PageGrouping page = new PageGrouping(5, true);
        assertThat(page.items()).isEmpty();
        assertThat(page.lastTaken()).isZero();
    }

    @Test
    void theItemsAreASnapshotThatLaterTakesDoNotChange() {
        PageGrouping page = new PageGrouping(5, true);
        page.take(like(2, TWEET));
        List<List<NotificationRow>> before = page.items();
        page.take(follow(1));
        assertThat(before).hasSize(1);
        assertThat(page.items()).hasSize(2);
    }

    private static NotificationRow like(long id, long tweet) {
        return row(id, "like", tweet);
    }

    private static NotificationRow retweet(long id, long tweet) {
        return row(id, "retweet", tweet);
    }

    private static NotificationRow follow(long id) {
        return row(id, "follow", null);
    }

    private static NotificationRow row(long id, String type, Long tweet) {
        return new NotificationRow(id, type, 1000 + id, tweet, Instant.EPOCH.plusSeconds(id), false);
    }

    private static List<List<Long>> ids(List<List<NotificationRow>> items) {
        return items.stream().map(members -> members.stream().map(NotificationRow::id).toList()).toList();
    }
}
