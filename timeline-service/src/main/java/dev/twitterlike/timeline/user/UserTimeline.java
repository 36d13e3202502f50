package dev.twitterlike.timeline.user;

import dev.twitterlike.common.timeline.TimelineEntry;
import dev.twitterlike.timeline.home.Page;
import dev.twitterlike.timeline.home.TimelineSql;
import dev.twitterlike.timeline.hydration.Hydrator;
import dev.twitterlike.tweetviews.TweetView;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A user's own tweets and retweets, newest first, by cursor, from PostgreSQL. */
@Service
public class UserTimeline {

    private final TimelineSql sql;
    private final Hydrator hydrator;

    UserTimeline(TimelineSql sql, Hydrator hydrator) {
        this.sql = sql;
        this.hydrator = hydrator;
    }

    public Page<TweetView> read(long userId, Long viewerId, int limit, Long before, Long since) {
        long cursor = before == null ? Long.MAX_VALUE : before;
        long lower = since == null ? 0 : since;
        List<Hydrator.Shown> shown = new ArrayList<>();
        while (shown.size() < limit) {
            int want = (limit - shown.size()) * 2 + 5;
            List<TimelineEntry> batch = sql.activity(Set.of(userId), cursor, lower, want);
            if (batch.isEmpty()) {
                break;
            }
            cursor = batch.get(batch.size() - 1).sortId();
            for (Hydrator.Shown s : hydrator.hydrate(batch, viewerId)) {
                if (shown.size() < limit) {
                    shown.add(s);
                }
            }
            if (batch.size() < want) {
                break;
            }
        }
        String next = shown.size() == limit ? Long.toString(shown.get(shown.size() - 1).entry().sortId()) : null;
        return new Page<>(shown.stream().map(Hydrator.Shown::tweet).toList(), next);
    }
}
