package dev.twitterlike.tweet.media;

import org.springframework.http.MediaType;

import java.util.Arrays;
import java.util.Optional;

/**
 * The image formats accepted, recognised by their first bytes (the file's magic number), never
 * by the file name or the Content-Type the client claims: both are the client's word.
 */
enum ImageFormat {

    JPEG("jpg", MediaType.IMAGE_JPEG),
    PNG("png", MediaType.IMAGE_PNG),
    GIF("gif", MediaType.IMAGE_GIF),
    WEBP("webp", MediaType.parseMediaType("image/webp"));

    /** Enough of the head of a file to tell every format here apart. */
    static final int SNIFF_BYTES = 12;

    private final String extension;
    private final MediaType mediaType;

    ImageFormat(String extension, MediaType mediaType) {
        this.extension = extension;
        this.mediaType = mediaType;
    }

    String extension() {
        return extension;
    }

    MediaType mediaType() {
        return mediaType;
    }

    static Optional<ImageFormat> sniff(byte[] head) {
        if (startsWith(head, 0, 0xFF, 0xD8, 0xFF)) {
            return Optional.of(JPEG);
        }
        if (startsWith(head, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(PNG);
        }
        if (startsWith(head, 0, 'G', 'I', 'F', '8', '7', 'a') || startsWith(head, 0, 'G', 'I', 'F', '8', '9', 'a')) {
            return Optional.of(GIF);
        }
        if (startsWith(head, 0, 'R', 'I', 'F', 'F') && startsWith(head, 8, 'W', 'E', 'B', 'P')) {
            return Optional.of(WEBP);
        }
        return Optional.empty();
    }

    static Optional<ImageFormat> ofExtension(String extension) {
        return Arrays.stream(values()).filter(f -> f.extension.equals(extension)).findFirst();
    }

    private static boolean startsWith(byte[] head, int offset, int... magic) {
        if (head.length < offset + magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[offset + i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
