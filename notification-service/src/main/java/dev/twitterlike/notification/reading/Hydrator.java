package dev.twitterlike.notification.reading;

import dev.twitterlike.tweetviews.TweetView;
import dev.twitterlike.tweetviews.TweetView.UserSummary;
import dev.twitterlike.tweetviews.TweetViews;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns a page of items into Notification objects through {@link TweetViews} (two queries per
 * page, whatever its size): the tweets as the recipient sees them (deleted ones become null),
 * and every user the page shows (actors, authors, mentions).
 */
@Component
class Hydrator {

    /** Actors shown on a grouped item ("Alice, Bob and Carol"); the count says how many in all. */
    static final int ACTORS_SHOWN = 3;

    private final TweetViews tweetViews;

    Hydrator(TweetViews tweetViews) {
        this.tweetViews = tweetViews;
    }

    /**
     * @param items   each item's members, newest first
     * @param viewer  the recipient
     * @param grouped whether likes and retweets get the group fields (even a group of one, so
     *                clients read every like the same way)
     */
    List<NotificationView> hydrate(List<List<NotificationRow>> items, long viewer, boolean grouped) {
        if (items.isEmpty()) {
            return List.of();
        }
        Set<Long> tweetIds = new HashSet<>();
        Set<Long> actorIds = new HashSet<>();
        for (List<NotificationRow> members : items) {
            NotificationRow newest = members.get(0);
            if (newest.tweetId() != null) {
                tweetIds.add(newest.tweetId());
            }
            actorIds.addAll(actorsOf(members));
        }
        TweetViews.Page page = tweetViews.hydrate(tweetIds, actorIds, viewer);
        Map<Long, UserSummary> users = page.users();

        List<NotificationView> views = new ArrayList<>(items.size());
        for (List<NotificationRow> members : items) {
            NotificationRow newest = members.get(0);
            UserSummary actor = users.get(newest.actorId());
            if (actor == null) {
                // the account is gone: nothing meaningful to show
                continue;
            }
            TweetView tweet = newest.tweetId() == null ? null : page.tweets().get(newest.tweetId());
            boolean read = members.stream().allMatch(NotificationRow::read);
            if (grouped && newest.groupable()) {
                List<Long> actors = actorsOf(members);
                List<UserSummary> shown = actors.stream().map(users::get).filter(Objects::nonNull).limit(ACTORS_SHOWN).toList();
                views.add(new NotificationView(Long.toString(newest.id()), newest.type(), actor, tweet, newest.createdAt(),
                        read, shown, actors.size(), members.stream().map(m -> Long.toString(m.id())).toList()));
            } else {
                views.add(new NotificationView(Long.toString(newest.id()), newest.type(), actor, tweet, newest.createdAt(),
                        read, null, null, null));
            }
        }
        return views;
    }

    /** Distinct actors, newest first (a like taken back and given again is one person). */
    private static List<Long> actorsOf(List<NotificationRow> members) {
        Set<Long> actors = new LinkedHashSet<>();
        members.forEach(m -> actors.add(m.actorId()));
        return List.copyOf(actors);
    }
}
