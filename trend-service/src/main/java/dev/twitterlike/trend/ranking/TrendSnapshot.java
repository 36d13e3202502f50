package dev.twitterlike.trend.ranking;

import java.time.Instant;
import java.util.List;

/** A computed top list, as cached in Valkey: the trends, best first, and when they were computed. */
public record TrendSnapshot(List<Trend> items, Instant updatedAt) {

    public static final TrendSnapshot EMPTY = new TrendSnapshot(List.of(), null);
}
