package dev.twitterlike.devstack;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every Lua script of the project keeps to one slot of a Valkey Cluster ({@link ScriptSlots}). */
class ScriptSlotsTest {

    @Test
    void everyScriptOfTheProjectStaysInOneSlot() throws IOException {
        Map<Path, List<String>> problems = new LinkedHashMap<>();
        List<Path> scripts;
        try (Stream<Path> files = Files.walk(Path.of(".."))) {
            scripts = files.filter(p -> p.toString().endsWith(".lua") && p.toString().contains("src/main/resources"))
                    .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("node_modules")).toList();
        }
        for (Path script : scripts) {
            List<String> found = ScriptSlots.problems(Files.readString(script));
            if (!found.isEmpty()) {
                problems.put(script, found);
            }
        }
        assertThat(scripts).as("the timeline, tweet cache and trend scripts").hasSizeGreaterThanOrEqualTo(10);
        assertThat(problems).isEmpty();
    }

    @Test
    void aKeyBuiltWithoutAHashTagIsCaught() {
        assertThat(ScriptSlots.problems("redis.call('SET', 'trends:deleted:' .. ARGV[1], KEYS[1])"))
                .singleElement().asString().contains("without a hash tag");
    }

    @Test
    void keysOfTwoHashTagsAreCaught() {
        assertThat(ScriptSlots.problems("local a = KEYS[1]\nredis.call('GET', '{a}:x:' .. a)\nredis.call('GET', '{b}:y')"))
                .singleElement().asString().contains("different hash tags");
    }

    @Test
    void aScriptThatBuildsKeysButDeclaresNoneIsCaught() {
        assertThat(ScriptSlots.problems("redis.call('INCR', '{trends}:n') -- KEYS[1] only in a comment"))
                .singleElement().asString().contains("declares none");
    }

    @Test
    void scriptsThatTakeTheirKeysFromKeysOrOneTagPass() {
        assertThat(ScriptSlots.problems("redis.call('LPUSH', KEYS[1], ARGV[1])\nlocal s = string.match(e, '^(%d+):(%d+)$')")).isEmpty();
        assertThat(ScriptSlots.problems("assert(KEYS[1] == '{t}:x')\nredis.call('INCR', '{t}:n:' .. ARGV[1])")).isEmpty();
    }
}
