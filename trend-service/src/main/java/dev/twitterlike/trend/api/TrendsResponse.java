package dev.twitterlike.trend.api;

import dev.twitterlike.trend.ranking.Trend;
import dev.twitterlike.trend.ranking.TrendSnapshots;

import java.time.Instant;
import java.util.List;

/**
 * {@code {items: [Trend], updatedAt, stale}}: {@code updatedAt} is when the list was computed
 * (null before the first computation); {@code stale} is true when Valkey could not be read and
 * this is the last good list this instance had.
 */
record TrendsResponse(List<Trend> items, Instant updatedAt, boolean stale) {

    static TrendsResponse of(TrendSnapshots.Served served, int limit) {
        List<Trend> items = served.snapshot().items();
        return new TrendsResponse(items.subList(0, Math.min(limit, items.size())), served.snapshot().updatedAt(), served.stale());
    }
}
