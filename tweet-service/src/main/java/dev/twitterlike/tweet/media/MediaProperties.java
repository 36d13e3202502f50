package dev.twitterlike.tweet.media;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.nio.file.Path;
import java.time.Duration;

/**
 * @param dir             where uploaded images are kept ({@code MEDIA_DIR}, default {@code .run/media})
 * @param maxSize         the largest image accepted (5 MB); {@code spring.servlet.multipart} enforces it
 *                        while the upload streams in, this is checked again before anything is stored
 * @param quota           what one user's images may take in all ({@code MEDIA_QUOTA}, 1 GB), attached
 *                        or not, until they are removed; an upload past it is a 413 problem
 * @param unattachedTtl   an upload no tweet took within this long (a day) is removed, row and file
 * @param cleanupInterval how often unattached uploads and files without a row are looked for
 * @param cacheMaxAge     how long browsers and shared caches may keep an image without asking
 *                        again ({@code Cache-Control: public, max-age}); after it they revalidate
 *                        (ETag) and a deleted tweet's image is a 404 from then on
 */
@ConfigurationProperties("twitter.media")
public record MediaProperties(Path dir, DataSize maxSize, DataSize quota, Duration unattachedTtl, Duration cleanupInterval,
        Duration cacheMaxAge) {
}
