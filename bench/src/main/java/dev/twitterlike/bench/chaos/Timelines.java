package dev.twitterlike.bench.chaos;

import tools.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads a paged list of the public API ({@code {items, nextCursor}}) to its end, as a client pages. */
final class Timelines {

    private Timelines() {
    }

    /** Every item of the list, following {@code nextCursor} until it is null. */
    static List<JsonNode> all(User viewer, String path) {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 5_000; page++) {
            JsonNode body = page(viewer, path, cursor, 100);
            body.path("items").forEach(items::add);
            JsonNode next = body.path("nextCursor");
            if (next.isNull() || next.isMissingNode() || body.path("items").isEmpty()) {
                return items;
            }
            cursor = next.asString();
        }
        throw new IllegalStateException(path + ": more than 5,000 pages (a cursor loop?)");
    }

    /** One page; retried a few times when the answer is not 200, since the audit runs after faults. */
    static JsonNode page(User viewer, String path, String cursor, int limit) {
        String url = path + (path.contains("?") ? "&" : "?") + "limit=" + limit
                + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        Http.Reply reply = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            reply = viewer.get(url);
            if (reply.status() == 401) {
                viewer.signIn();
            } else if (reply.status() == 200) {
                return User.JSON.readTree(reply.body());
            }
            User.pause(500);
        }
        throw new IllegalStateException("GET " + url + " as " + viewer + ": HTTP " + reply.status() + " " + reply.body());
    }
}
