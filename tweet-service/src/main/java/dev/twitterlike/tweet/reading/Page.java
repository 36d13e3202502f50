package dev.twitterlike.tweet.reading;

import java.util.List;

/** A page of a list: the items and the cursor of the next page, null at the end. */
public record Page<T>(List<T> items, String nextCursor) {
}
