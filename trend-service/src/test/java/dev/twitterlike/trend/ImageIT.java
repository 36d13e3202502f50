package dev.twitterlike.trend;

import dev.twitterlike.devstack.ImageContract;

/** trend-service's image tarball (target/jib-image.tar, profile "images"), read without a Docker engine. */
class ImageIT extends ImageContract {
}
