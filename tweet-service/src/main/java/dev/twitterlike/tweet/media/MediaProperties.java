package dev.twitterlike.tweet.media;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.nio.file.Path;

/**
 * @param dir     where uploaded images are kept ({@code MEDIA_DIR}, default {@code .run/media})
 * @param maxSize the largest image accepted (5 MB); {@code spring.servlet.multipart} enforces it
 *                while the upload streams in, this is checked again before anything is stored
 */
@ConfigurationProperties("twitter.media")
public record MediaProperties(Path dir, DataSize maxSize) {
}
