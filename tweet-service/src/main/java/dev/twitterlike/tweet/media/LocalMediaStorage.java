package dev.twitterlike.tweet.media;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Images in a local directory. A file is written under a temporary name in the same directory
 * and moved into place atomically, so a reader never sees half an image and a failed upload
 * leaves nothing under a real name (the temporary file is removed too).
 */
@Component
class LocalMediaStorage implements MediaStorage {

    private static final Logger log = LoggerFactory.getLogger(LocalMediaStorage.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** What {@link Files#createTempFile} makes here for an upload in progress. */
    private static final Pattern TEMPORARY = Pattern.compile("\\.upload-[0-9]+\\.tmp");

    private final Path dir;

    LocalMediaStorage(MediaProperties properties) {
        this.dir = properties.dir().toAbsolutePath().normalize();
        log.info("media stored in {}", dir);
    }

    @Override
    public String store(InputStream content, String extension) throws IOException {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        String name = HexFormat.of().formatHex(random) + "." + extension;
        Files.createDirectories(dir); // on first use: an instance that never stores an image leaves no trace
        Path temporary = Files.createTempFile(dir, ".upload-", ".tmp");
        try {
            Files.copy(content, temporary, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temporary, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            return name;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    @Override
    public boolean exists(String name) {
        return MediaStorage.NAME.matcher(name).matches() && Files.isRegularFile(dir.resolve(name));
    }

    @Override
    public Optional<Resource> open(String name) {
        return exists(name) ? Optional.of(new FileSystemResource(dir.resolve(name))) : Optional.empty();
    }

    @Override
    public void delete(String name) throws IOException {
        if (MediaStorage.NAME.matcher(name).matches() || TEMPORARY.matcher(name).matches()) {
            Files.deleteIfExists(dir.resolve(name));
        }
    }

    @Override
    public List<String> writtenBefore(Instant cutoff) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> old = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                try {
                    if ((MediaStorage.NAME.matcher(name).matches() || TEMPORARY.matcher(name).matches())
                            && Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
                        old.add(name);
                    }
                } catch (java.nio.file.NoSuchFileException gone) {
                    // removed meanwhile
                }
            }
        }
        return old;
    }
}
