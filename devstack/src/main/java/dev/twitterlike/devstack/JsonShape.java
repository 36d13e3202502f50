package dev.twitterlike.devstack;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The shape of a JSON document: for an object, its field names and the shape of each; for an
 * array, the shape of its first element; otherwise the JSON type ({@code string}, {@code number},
 * {@code boolean}, {@code null}). Two documents with the same shape have the same fields, present
 * or absent, null or not, of the same types: what a client's schema depends on.
 *
 * <p>The API's sample objects live in {@code docs/contract/}; a service's test checks that what
 * it really serves has the sample's shape, and the web app's schema test parses the same
 * samples, so a field added, dropped or made nullable on one side fails a test on the other.
 */
public final class JsonShape {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private JsonShape() {
    }

    public static Object of(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> fields = new TreeMap<>();
            node.properties().forEach(e -> fields.put(e.getKey(), of(e.getValue())));
            return fields;
        }
        if (node.isArray()) {
            return node.isEmpty() ? "array" : java.util.List.of(of(node.get(0)));
        }
        if (node.isString()) {
            return "string";
        }
        if (node.isNumber()) {
            return "number";
        }
        if (node.isBoolean()) {
            return "boolean";
        }
        return "null";
    }

    /** The shape of a sample in {@code docs/contract/} (found from any module's folder). */
    public static Object ofSample(String name) {
        Path path = Path.of("docs", "contract", name);
        for (int up = 0; up < 3 && !Files.exists(path); up++) {
            path = Path.of("..").resolve(path);
        }
        try {
            return of(JSON.readTree(Files.readString(path)));
        } catch (IOException e) {
            throw new UncheckedIOException("the contract sample " + name, e);
        }
    }
}
