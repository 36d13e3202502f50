package dev.twitterlike.tweet.media;

import org.springframework.core.io.Resource;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where uploaded images live, behind names this service makes up ({@code <32 hex>.<ext>}). A
 * local directory today ({@link LocalMediaStorage}); an object store would implement the same
 * operations. Which files should exist is {@link MediaCatalog}'s table: the storage only keeps bytes.
 */
public interface MediaStorage {

    /** The names this service gives out: nothing a client chose, so no path can be smuggled in. */
    Pattern NAME = Pattern.compile("[0-9a-f]{32}\\.(jpg|png|gif|webp)");

    /** The public path of a stored image. */
    static String urlOf(String name) {
        return "/media/" + name;
    }

    /** The stored name behind a URL this service issued, or empty if it is not one. */
    static Optional<String> nameOf(String url) {
        if (url == null || !url.startsWith("/media/")) {
            return Optional.empty();
        }
        String name = url.substring("/media/".length());
        return NAME.matcher(name).matches() ? Optional.of(name) : Optional.empty();
    }

    /**
     * Stores the content under a new random name with the extension given, all or nothing: a
     * failed write leaves no file behind. Returns the name.
     */
    String store(InputStream content, String extension) throws IOException;

    boolean exists(String name);

    Optional<Resource> open(String name);

    /** Removes the file if it is there; a name this service did not make is ignored. */
    void delete(String name) throws IOException;

    /**
     * The files last written before {@code cutoff}: stored images, and what an upload cut short
     * (a process killed mid-write) left under a temporary name; for the cleanup of files no row
     * accounts for.
     */
    List<String> writtenBefore(Instant cutoff) throws IOException;
}
