package dev.twitterlike.timeline.hydration;

import dev.twitterlike.common.timeline.TimelineEntry;
import dev.twitterlike.tweetviews.TweetView;
import dev.twitterlike.tweetviews.TweetView.UserSummary;
import dev.twitterlike.tweetviews.TweetViews;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns timeline entries into Tweet objects through {@link TweetViews} (two queries per page,
 * whatever its size): deleted tweets drop out, and an entry that is a retweet shows the tweet
 * with who retweeted it.
 */
@Component
public class Hydrator {

    private final TweetViews views;

    Hydrator(TweetViews views) {
        this.views = views;
    }

    /** An entry and the tweet it shows. */
    public record Shown(TimelineEntry entry, TweetView tweet) {
    }

    /** The entries as tweets, in the order given; entries whose tweet (or retweeter) is gone are left out. */
    public List<Shown> hydrate(List<TimelineEntry> entries, Long viewerId) {
        if (entries.isEmpty()) {
            return List.of();
        }
        Set<Long> tweetIds = new LinkedHashSet<>();
        Set<Long> retweeters = new LinkedHashSet<>();
        for (TimelineEntry entry : entries) {
            tweetIds.add(entry.tweetId());
            if (entry.isRetweet()) {
                retweeters.add(entry.sourceId());
            }
        }
        TweetViews.Page page = views.hydrate(tweetIds, retweeters, viewerId);
        List<Shown> shown = new ArrayList<>(entries.size());
        for (TimelineEntry entry : entries) {
            TweetView view = page.tweets().get(entry.tweetId());
            if (view == null) {
                continue;
            }
            if (entry.isRetweet()) {
                UserSummary by = page.users().get(entry.sourceId());
                if (by == null) {
                    continue;
                }
                view = view.retweetedBy(by);
            }
            shown.add(new Shown(entry, view));
        }
        return shown;
    }
}
