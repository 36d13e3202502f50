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

/**
 * Image upload ({@code POST /api/media}) and serving ({@code GET /media/{name}}). A stored name
 * never changes content, but it can be withdrawn: the image of a deleted tweet is a 404 from the
 * moment of the deletion. So caches may keep an image only for {@code twitter.media.cache-max-age}
 * (10 min), not a year, and then revalidate with its ETag (a 304 while it may be shown, without
 * the bytes), and a cache in front that kept a deleted tweet's image shows it that long at most.
 */
@RestController
class MediaController {

    /** The response of an upload: the URL to put in a tweet's {@code mediaUrls}. */
    record Uploaded(String url) {
    }

    private final MediaUploads uploads;
    private final MediaStorage storage;
    private final MediaCatalog catalog;
    private final CacheControl caching;

    MediaController(MediaUploads uploads, MediaStorage storage, MediaCatalog catalog, MediaProperties properties) {
        this.uploads = uploads;
        this.storage = storage;
        this.catalog = catalog;
        this.caching = CacheControl.maxAge(properties.cacheMaxAge()).cachePublic();
    }

    @PostMapping(path = "/api/media", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<Uploaded> upload(@CurrentUser long userId, @RequestPart("file") MultipartFile file) {
        String url = uploads.upload(userId, file);
        return ResponseEntity.created(URI.create(url)).body(new Uploaded(url));
    }

    @GetMapping("/media/{name}")
    ResponseEntity<Resource> serve(@PathVariable String name) {
        if (!MediaStorage.NAME.matcher(name).matches() || !catalog.visible(name)) {
            throw Problems.notFound("media", name);
        }
        Resource image = storage.open(name).orElseThrow(() -> Problems.notFound("media", name));
        String extension = name.substring(name.lastIndexOf('.') + 1);
        return ResponseEntity.ok()
                .contentType(ImageFormat.ofExtension(extension).orElseThrow().mediaType())
                .cacheControl(caching)
                // the name is the content: a strong validator for the revalidation after max-age
                .eTag(name)
                .header("X-Content-Type-Options", "nosniff")
                .body(image);
    }
}
