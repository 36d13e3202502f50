package dev.twitterlike.tweet.media;

import dev.twitterlike.tweet.TweetIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Uploads, files on disk and fetches of {@code /media/...}, for the media tests. */
abstract class MediaTestSupport extends TweetIntegrationTest {

    @Autowired
    protected MediaProperties properties;

    /** The file of a stored image, by its URL. */
    protected Path fileOf(String url) {
        return properties.dir().resolve(url.substring("/media/".length()));
    }

    /** The rows of the user's images. */
    protected int mediaRows(long owner) {
        return count("SELECT count(*) FROM tweets.media WHERE owner_id = ?", owner);
    }

    protected HttpResponse<byte[]> fetch(String path) {
        return fetch(path, Map.of());
    }

    /** What is in the media directory (which is created by the first upload). */
    protected List<String> files() {
        if (!Files.isDirectory(properties.dir())) {
            return List.of();
        }
        try (Stream<Path> listed = Files.list(properties.dir())) {
            return listed.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected HttpResponse<byte[]> fetch(String path, Map<String, String> headers) {
        HttpRequest.Builder request = client.request("GET", path, null, HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    protected static byte[] image(String format) {
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
    protected static byte[] webp() {
        return new byte[] {'R', 'I', 'F', 'F', 0x1A, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', 'L', 0x0D, 0, 0, 0,
                0x2F, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11, (byte) 0x88, (byte) 0x88, (byte) 0xFE, 0x07, 0};
    }
}
