package dev.twitterlike.timeline.home;

import java.util.List;

/** A page of a timeline: the tweets and the cursor of the next (older) page, null at the end. */
public record Page<T>(List<T> items, String nextCursor) {
}
