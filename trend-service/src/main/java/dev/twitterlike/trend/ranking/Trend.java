package dev.twitterlike.trend.ranking;

/**
 * One trending hashtag, as the API gives it.
 *
 * @param score         decayed activity of distinct authors over the last 60 minutes: per minute, the
 *                      authors who used the tag, weighted 0.95^age in minutes (what the list is ranked by)
 * @param tweetCount    tweets that used the tag in the last 60 minutes, however many by one author
 * @param uniqueAuthors distinct authors of the tag in the last 60 minutes (a HyperLogLog estimate, within about 1 %)
 * @param velocity      (this hour - previous hour) / previous hour, on distinct-author activity; {@code null}
 *                      stands for the design's Infinity (silent the hour before, more than 10 now)
 * @param rising        velocity at least the configured threshold (infinite included) and enough distinct authors
 */
public record Trend(String hashtag, double score, long tweetCount, long uniqueAuthors, Double velocity, boolean rising) {
}
