package dev.twitterlike.tweet.media;

import dev.twitterlike.common.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.multipart.MultipartFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Accepts an uploaded image after checking what it really is, and stores it within the user's quota. */
@Service
class MediaUploads {

    private static final Logger log = LoggerFactory.getLogger(MediaUploads.class);

    private final MediaCatalog catalog;
    private final MediaProperties properties;

    MediaUploads(MediaCatalog catalog, MediaProperties properties) {
        this.catalog = catalog;
        this.properties = properties;
    }

    /**
     * Stores the image and returns its public URL; 413 when too large or past the user's quota,
     * 415 when not an image we take, 503 when it cannot be written.
     */
    String upload(long userId, MultipartFile file) {
        if (file.getSize() > properties.maxSize().toBytes()) {
            throw Problems.of(HttpStatus.CONTENT_TOO_LARGE, "too-large",
                    "Images can be at most " + properties.maxSize().toMegabytes() + " MB");
        }
        try {
            ImageFormat format;
            try (InputStream in = file.getInputStream()) {
                format = ImageFormat.sniff(in.readNBytes(ImageFormat.SNIFF_BYTES)).orElseThrow(() -> Problems.of(
                        HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Only JPEG, PNG, GIF and WebP images can be uploaded"));
            }
            String name = catalog.store(userId, file.getSize(), format.extension(), file::getInputStream);
            log.info("user {} uploaded {} ({} bytes)", userId, name, file.getSize());
            return MediaStorage.urlOf(name);
        } catch (IOException e) {
            throw new UncheckedIOException("storing an upload failed", e);
        }
    }
}
