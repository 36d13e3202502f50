package dev.twitterlike.tweet.media;

import dev.twitterlike.tweet.TweetIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class MediaTest extends TweetIntegrationTest {

    private static final int FIVE_MB = 5 * 1024 * 1024;

    @Autowired
    MediaProperties properties;

    @Test
    void aPngNamedTxtIsStoredAsAPngAndServedImmutable() throws Exception {
        long user = user();
        byte[] png = image("png");
        Response uploaded = upload(user, "notes.txt", "text/plain", png);
        assertThat(uploaded.status()).as(uploaded.raw().body()).isEqualTo(201);
        String url = uploaded.body().path("url").asString();
        assertThat(url).matches("/media/[0-9a-f]{32}\\.png");
        assertThat(uploaded.header("Location")).isEqualTo(url);

        HttpResponse<byte[]> served = fetch(url);
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).isEqualTo(png);
        assertThat(served.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(served.headers().firstValue("Cache-Control").orElseThrow())
                .contains("max-age=31536000").contains("public").contains("immutable");
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
        assertThat(call("POST", "/api/media", "{\"file\": \"x\"}", user).status()).isEqualTo(415);
        Response noFile = send("POST", "/api/media", "--b\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--b--\r\n"
                .getBytes(StandardCharsets.UTF_8), user, Map.of("Content-Type", "multipart/form-data; boundary=b"));
        assertThat(noFile.status()).isEqualTo(400);
        Response garbage = send("POST", "/api/media", "not multipart at all".getBytes(StandardCharsets.UTF_8), user,
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

    /** What is in the media directory (which is created by the first upload). */
    private List<String> files() {
        if (!Files.isDirectory(properties.dir())) {
            return List.of();
        }
        try (Stream<Path> listed = Files.list(properties.dir())) {
            return listed.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<byte[]> fetch(String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] image(String format) {
        BufferedImage image = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0x1DA1F2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            assertThat(ImageIO.write(image, format.equals("jpg") ? "jpeg" : format, out)).isTrue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The head of a lossless WebP (RIFF container, WEBP form, VP8L chunk); the JDK cannot write one. */
    private static byte[] webp() {
        return new byte[] {'R', 'I', 'F', 'F', 0x1A, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', 'L', 0x0D, 0, 0, 0,
                0x2F, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11, (byte) 0x88, (byte) 0x88, (byte) 0xFE, 0x07, 0};
    }
}
