package dev.twitterlike.devstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The source rules of {@link ArchitectureRules} catch what they name, against a made-up module beside the real owners. */
class ArchitectureRulesTest {

    @TempDir
    Path repository;

    @Test
    void aReadOfAnotherOwnersTableIsCaughtAndAReadOfItsViewIsNot() throws IOException {
        owner("graph-service", "CREATE TABLE users (id bigint);\nCREATE VIEW user_summaries AS SELECT id FROM users;");
        Path sources = module("timeline-service", "a/Reader.java", """
                class Reader {
                    String ok = "SELECT id FROM graph.user_summaries WHERE id = ?";
                    String bad = \"""
                            SELECT password_hash FROM graph.users
                            \""";
                }
                """);
        List<String> violations = ArchitectureRules.foreignReads("timeline-service", sources);
        assertThat(violations).hasSize(1);
        assertThat(violations.get(0)).contains("a/Reader.java reads graph.users").contains("[user_summaries]");
    }

    @Test
    void foreignReadsFromTwoClassesAreCaught() throws IOException {
        owner("graph-service", "CREATE VIEW user_summaries AS SELECT 1;");
        Path sources = module("trend-service", "a/One.java", "class One { String q = \"SELECT 1 FROM graph.user_summaries\"; }");
        Files.writeString(sources.resolve("a/Two.java"), "class Two { String q = \"SELECT 2 FROM graph.user_summaries\"; }");
        assertThat(ArchitectureRules.foreignReads("trend-service", sources))
                .singleElement().asString().contains("more than one class").contains("a/One.java").contains("a/Two.java");
    }

    @Test
    void theOwnSchemaCommentsVariablesAndPackagesAreNotReads() throws IOException {
        owner("tweet-service", "CREATE VIEW visible_tweets AS SELECT 1;");
        Path sources = module("tweet-service", "a/Own.java", """
                import dev.twitterlike.tweets.Thing;
                /** reads tweets.tweets, graph.users in a comment */
                class Own {
                    String own = "SELECT * FROM tweets.tweets";
                    void f(java.util.List<String> tweets) { tweets.add("x"); }
                    String metric = "twitter.graph.users.count";
                }
                """);
        assertThat(ArchitectureRules.foreignReads("tweet-service", sources)).isEmpty();
    }

    private void owner(String module, String migration) throws IOException {
        Path dir = repository.resolve(module).resolve("src/main/resources/db/migration");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("V1__x.sql"), migration);
    }

    private Path module(String module, String file, String source) throws IOException {
        Path sources = repository.resolve(module).resolve("src/main/java");
        Files.createDirectories(sources.resolve(file).getParent());
        Files.writeString(sources.resolve(file), source);
        return sources;
    }
}
