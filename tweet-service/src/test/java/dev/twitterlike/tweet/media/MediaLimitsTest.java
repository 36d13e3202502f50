package dev.twitterlike.tweet.media;

import dev.twitterlike.devstack.ServiceClient.Response;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-user storage quota (100 KB here, 1 GB by default), and uploads that fail half-way leave nothing. */
@TestPropertySource(properties = "twitter.media.quota=100KB")
class MediaLimitsTest extends MediaTestSupport {

    @Test
    void anUploadPastTheUsersQuotaIsA413ProblemAndStoresNothingWhileOthersStillUpload() {
        long user = user();
        long other = user();
        byte[] sixtyKb = Arrays.copyOf(image("png"), 60 * 1024);
        assertThat(upload(user, "a.png", "image/png", sixtyKb).status()).isEqualTo(201);
        List<String> before = files();

        Response refused = upload(user, "b.png", "image/png", sixtyKb);
        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body().path("type").asString()).endsWith("/media-quota-exceeded");
        assertThat(refused.body().path("detail").asString()).contains("60 KB of your 100 KB");
        assertThat(files()).as("no file").isEqualTo(before);
        assertThat(mediaRows(user)).as("no row").isEqualTo(1);

        assertThat(upload(user, "c.png", "image/png", Arrays.copyOf(image("png"), 30 * 1024)).status()).as("what still fits").isEqualTo(201);
        assertThat(upload(other, "d.png", "image/png", sixtyKb).status()).as("another user's quota").isEqualTo(201);
    }

    @Test
    void whenTheRowCannotBeWrittenNoFileIsLeft() {
        long user = user();
        jdbc.sql("""
                CREATE OR REPLACE FUNCTION tweets.refuse_media_of_test_user() RETURNS trigger AS $$
                BEGIN
                    IF NEW.owner_id = %d THEN RAISE EXCEPTION 'the disk of the database is full' USING ERRCODE = '53100'; END IF;
                    RETURN NEW;
                END $$ LANGUAGE plpgsql""".formatted(user)).update();
        jdbc.sql("CREATE TRIGGER refuse_media_of_test_user BEFORE INSERT ON tweets.media FOR EACH ROW EXECUTE FUNCTION tweets.refuse_media_of_test_user()").update();
        try {
            List<String> before = files();
            Response failed = upload(user, "a.png", "image/png", image("png"));
            assertThat(failed.status()).isGreaterThanOrEqualTo(500);
            assertThat(failed.contentType()).startsWith("application/problem+json");
            assertThat(files()).as("the file written before the row went again").isEqualTo(before);
            assertThat(mediaRows(user)).isZero();
        } finally {
            jdbc.sql("DROP TRIGGER refuse_media_of_test_user ON tweets.media").update();
            jdbc.sql("DROP FUNCTION tweets.refuse_media_of_test_user()").update();
        }
    }

    @Test
    void whenTheFileCannotBeWrittenNoRowIsLeftAndTheAnswerIsA503Problem() throws Exception {
        long user = user();
        assertThat(upload(user, "first.png", "image/png", image("png")).status()).isEqualTo(201); // the directory exists
        Path dir = properties.dir();
        Path aside = dir.resolveSibling(dir.getFileName() + ".aside");
        Files.move(dir, aside, StandardCopyOption.ATOMIC_MOVE);
        Files.writeString(dir, "not a directory"); // even root cannot write a file into this
        try {
            Response failed = upload(user, "a.png", "image/png", image("png"));
            assertThat(failed.status()).isEqualTo(503);
            assertThat(failed.contentType()).startsWith("application/problem+json");
            assertThat(failed.body().path("type").asString()).endsWith("/media-storage-unavailable");
            assertThat(mediaRows(user)).as("only the first upload's row").isEqualTo(1);
        } finally {
            Files.delete(dir);
            Files.move(aside, dir, StandardCopyOption.ATOMIC_MOVE);
        }
    }
}
