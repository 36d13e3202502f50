package dev.twitterlike.timeline;

import dev.twitterlike.devstack.ImageContract;

/** timeline-service's image tarball (target/jib-image.tar, profile "images"), read without a Docker engine. */
class ImageIT extends ImageContract {
}
