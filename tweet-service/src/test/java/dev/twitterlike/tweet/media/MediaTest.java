package dev.twitterlike.tweet.media;

import dev.twitterlike.devstack.ServiceClient.Response;
import dev.twitterlike.tweet.retention.DeletedTweetPurge;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MediaTest extends MediaTestSupport {

    private static final int FIVE_MB = 5 * 1024 * 1024;

    @Autowired
    MediaCatalog catalog;
    @Autowired
    DeletedTweetPurge purge;

    @Test
    void aPngNamedTxtIsStoredAsAPngAndServedCacheableForTenMinutesWithAnETag() throws Exception {
        long user = user();
        byte[] png = image("png");
        Response uploaded = upload(user, "notes.txt", "text/plain", png);
        assertThat(uploaded.status()).as(uploaded.text()).isEqualTo(201);
        String url = uploaded.body().path("url").asString();
        assertThat(url).matches("/media/[0-9a-f]{32}\\.png");
        assertThat(uploaded.header("Location")).isEqualTo(url);

        HttpResponse<byte[]> served = fetch(url);
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).isEqualTo(png);
        assertThat(served.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(served.headers().firstValue("Cache-Control").orElseThrow())
                .contains("max-age=600").contains("public").doesNotContain("immutable");
        String etag = served.headers().firstValue("ETag").orElseThrow();
        assertThat(fetch(url, Map.of("If-None-Match", etag)).statusCode()).as("revalidated without the bytes").isEqualTo(304);
        assertThat(served.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(Files.exists(properties.dir().resolve(url.substring("/media/".length())))).isTrue();
    }

    @Test
    void everyAcceptedFormatIsRecognisedByItsBytesWhateverItClaims() {
        long user = user();
        Map<String, byte[]> formats = Map.of("jpg", image("jpg"), "gif", image("gif"), "webp", webp());
        formats.forEach((extension, bytes) -> {
            Response uploaded = upload(user, "picture.png", "image/png", bytes);
            assertThat(uploaded.status()).as(extension).isEqualTo(201);
            assertThat(uploaded.body().path("url").asString()).as(extension).endsWith("." + extension);
        });
    }

    @Test
    void aTextFileNamedPngIsA415AndLeavesNothingOnDisk() {
        long user = user();
        List<String> before = files();
        for (byte[] notAnImage : List.of("just text, honest".getBytes(StandardCharsets.UTF_8), new byte[0],
                "<svg xmlns='http://www.w3.org/2000/svg'/>".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0x89, 'P', 'N'})) {
            Response refused = upload(user, "cat.png", "image/png", notAnImage);
            assertThat(refused.status()).isEqualTo(415);
            assertThat(refused.contentType()).startsWith("application/problem+json");
        }
        assertThat(files()).isEqualTo(before);
    }

    @Test
    void fiveMegabytesFitAndOneByteMoreIsA413() {
        long user = user();
        byte[] png = image("png");
        byte[] exactly = Arrays.copyOf(png, FIVE_MB);
        assertThat(upload(user, "big.png", "image/png", exactly).status()).isEqualTo(201);
        List<String> before = files();
        Response tooLarge = upload(user, "bigger.png", "image/png", Arrays.copyOf(png, FIVE_MB + 1));
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.contentType()).startsWith("application/problem+json");
        assertThat(tooLarge.body().path("detail").asString()).contains("5 MB");
        assertThat(files()).isEqualTo(before);
    }

    @Test
    void uploadsNeedASignedInUserAndAFilePart() {
        assertThat(upload(null, "a.png", "image/png", image("png")).status()).isEqualTo(401);
        long user = user();
        assertThat(client.call("POST", "/api/media", "{\"file\": \"x\"}", user).status()).isEqualTo(415);
        Response noFile = client.call("POST", "/api/media", "--b\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--b--\r\n"
                .getBytes(StandardCharsets.UTF_8), user, Map.of("Content-Type", "multipart/form-data; boundary=b"));
        assertThat(noFile.status()).isEqualTo(400);
        Response garbage = client.call("POST", "/api/media", "not multipart at all".getBytes(StandardCharsets.UTF_8), user,
                Map.of("Content-Type", "multipart/form-data; boundary=b"));
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(garbage.contentType()).startsWith("application/problem+json");
    }

    @Test
    void onlyImagesThisServiceStoredCanBeAttachedToATweet() {
        long author = user();
        String first = upload(author, "a.png", "image/png", image("png")).body().path("url").asString();
        String second = upload(author, "b.gif", "image/gif", image("gif")).body().path("url").asString();
        Response posted = postTweet(author, Map.of("content", "two pictures", "mediaUrls", List.of(first, second)));
        assertThat(posted.status()).isEqualTo(201);
        assertThat(posted.body().path("mediaUrls").get(0).asString()).isEqualTo(first);
        assertThat(posted.body().path("mediaUrls").get(1).asString()).isEqualTo(second);
        assertThat(outbox("tweet.created", author).get(0).path("mediaUrls")).hasSize(2);

        String neverStored = "/media/" + "0".repeat(32) + ".png";
        for (List<String> refused : List.of(List.of(neverStored), List.of("https://elsewhere.example/cat.png"),
                List.of("/media/../../etc/passwd"), List.of(first, first), List.of(first, second, first, second, first))) {
            Response response = postTweet(author, Map.of("content", "attached", "mediaUrls", refused));
            assertThat(response.status()).as(refused.toString()).isEqualTo(400);
            assertThat(response.body().path("errors").has("mediaUrls")).isTrue();
        }
        assertThat(count("SELECT count(*) FROM tweets.tweets WHERE author_id = ?", author)).isEqualTo(1);
    }

    @Test
    void unknownOrForgedMediaNamesAre404() {
        assertThat(fetch("/media/" + "0".repeat(32) + ".png").statusCode()).isEqualTo(404);
        assertThat(fetch("/media/nothing.txt").statusCode()).isEqualTo(404);
        assertThat(fetch("/media/..%2F..%2Fpom.xml").statusCode()).isBetween(400, 404);
        assertThat(fetch("/media/%2e%2e").statusCode()).isBetween(400, 404);
    }

    @Test
    void aTweetTakesOnlyItsAuthorsOwnUploadsAndEachOnce() {
        long author = user();
        long other = user();
        String mine = upload(author, "a.png", "image/png", image("png")).body().path("url").asString();
        String theirs = upload(other, "b.png", "image/png", image("png")).body().path("url").asString();
        Response borrowed = postTweet(author, Map.of("content", "not mine", "mediaUrls", List.of(theirs)));
        assertThat(borrowed.status()).isEqualTo(400);
        assertThat(borrowed.body().path("errors").has("mediaUrls")).isTrue();
        assertThat(postTweet(author, Map.of("content", "mine", "mediaUrls", List.of(mine))).status()).isEqualTo(201);
        Response again = postTweet(author, Map.of("content", "mine again", "mediaUrls", List.of(mine)));
        assertThat(again.status()).as("an image is in one tweet only: deleting it cannot take another's").isEqualTo(400);
        assertThat(count("SELECT count(*) FROM tweets.tweets WHERE author_id = ?", author)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM tweets.media WHERE name = ? AND owner_id = ? AND tweet_id IS NOT NULL",
                mine.substring("/media/".length()), author)).isEqualTo(1);
    }

    @Test
    void aDeletedTweetsImageIsA404AtOnceAndThePurgeRemovesItsFile() {
        long author = user();
        String url = upload(author, "a.png", "image/png", image("png")).body().path("url").asString();
        long tweet = Long.parseLong(postTweet(author, Map.of("content", "soon gone", "mediaUrls", List.of(url))).body().path("id").asString());
        assertThat(fetch(url).statusCode()).isEqualTo(200);

        assertThat(client.call("DELETE", "/api/tweets/" + tweet, null, author).status()).isEqualTo(204);
        HttpResponse<byte[]> gone = fetch(url);
        assertThat(gone.statusCode()).as("hidden with its tweet").isEqualTo(404);
        assertThat(gone.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(Files.exists(fileOf(url))).as("kept until the purge, like the tweet").isTrue();

        jdbc.sql("UPDATE tweets.tweets SET deleted_at = now() - interval '31 days' WHERE id = ?").param(tweet).update();
        DeletedTweetPurge.Purged purged = purge.purge();
        assertThat(purged.media()).isGreaterThanOrEqualTo(1);
        assertThat(Files.exists(fileOf(url))).as("the purge removed the file").isFalse();
        assertThat(mediaRows(author)).isZero();
        assertThat(fetch(url).statusCode()).isEqualTo(404);
    }

    @Test
    void uploadsNoTweetTookWithinADayAreRemovedRowAndFileAndSoAreFilesWithoutARow() throws Exception {
        long author = user();
        String unused = upload(author, "a.png", "image/png", image("png")).body().path("url").asString();
        String used = upload(author, "b.png", "image/png", image("png")).body().path("url").asString();
        String fresh = upload(author, "c.png", "image/png", image("png")).body().path("url").asString();
        String avatar = upload(author, "d.png", "image/png", image("png")).body().path("url").asString();
        assertThat(postTweet(author, Map.of("content", "kept", "mediaUrls", List.of(used))).status()).isEqualTo(201);
        // graph-service's profile points at it: a picture in use, though no tweet took it
        fixtures.sql("UPDATE graph.users SET avatar_url = ? WHERE id = ?").params(avatar, author).update();
        Instant twoDaysAgo = Instant.now().minus(Duration.ofDays(2));
        for (String url : List.of(unused, used, avatar)) {
            jdbc.sql("UPDATE tweets.media SET created_at = now() - interval '2 days' WHERE name = ?")
                    .param(url.substring("/media/".length())).update();
            Files.setLastModifiedTime(fileOf(url), FileTime.from(twoDaysAgo));
        }
        // what an upload killed between its file and its row leaves: a file no row accounts for
        Path stray = properties.dir().resolve("ab".repeat(16) + ".png");
        Files.write(stray, image("png"));
        Files.setLastModifiedTime(stray, FileTime.from(twoDaysAgo));
        Path newStray = properties.dir().resolve("cd".repeat(16) + ".png");
        Files.write(newStray, image("png"));

        assertThat(catalog.removeUnattachedBefore(Instant.now().minus(Duration.ofDays(1)))).isGreaterThanOrEqualTo(2);

        assertThat(Files.exists(fileOf(unused))).isFalse();
        assertThat(fetch(unused).statusCode()).isEqualTo(404);
        assertThat(Files.exists(stray)).isFalse();
        assertThat(Files.exists(fileOf(used))).as("in a tweet").isTrue();
        assertThat(fetch(used).statusCode()).isEqualTo(200);
        assertThat(Files.exists(fileOf(fresh))).as("less than a day old").isTrue();
        assertThat(Files.exists(newStray)).as("too new to judge").isTrue();
        assertThat(Files.exists(fileOf(avatar))).as("a profile picture").isTrue();
        assertThat(fetch(avatar).statusCode()).isEqualTo(200);
        assertThat(mediaRows(author)).isEqualTo(3);
        Files.delete(newStray);
    }
}
