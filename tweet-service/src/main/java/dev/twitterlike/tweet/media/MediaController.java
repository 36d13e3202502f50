package dev.twitterlike.tweet.media;

import dev.twitterlike.common.web.CurrentUser;
import dev.twitterlike.common.web.Problems;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import java.net.URI;
import java.time.Duration;

/**
 * Image upload ({@code POST /api/media}) and serving ({@code GET /media/{name}}). A stored name
 * never changes content, so it is served as immutable for a year: browsers and a CDN in front
 * never ask again.
 */
@RestController
class MediaController {

    /** The response of an upload: the URL to put in a tweet's {@code mediaUrls}. */
    record Uploaded(String url) {
    }

    private final MediaUploads uploads;
    private final MediaStorage storage;

    MediaController(MediaUploads uploads, MediaStorage storage) {
        this.uploads = uploads;
        this.storage = storage;
    }

    @PostMapping(path = "/api/media", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<Uploaded> upload(@CurrentUser long userId, @RequestPart("file") MultipartFile file) {
        String url = uploads.upload(userId, file);
        return ResponseEntity.created(URI.create(url)).body(new Uploaded(url));
    }

    @GetMapping("/media/{name}")
    ResponseEntity<Resource> serve(@PathVariable String name) {
        Resource image = storage.open(name).orElseThrow(() -> Problems.notFound("media", name));
        String extension = name.substring(name.lastIndexOf('.') + 1);
        return ResponseEntity.ok()
                .contentType(ImageFormat.ofExtension(extension).orElseThrow().mediaType())
                .cacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable())
                .header("X-Content-Type-Options", "nosniff")
                .body(image);
    }
}
