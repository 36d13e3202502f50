package dev.twitterlike.tweet;

import dev.twitterlike.devstack.ImageContract;

/** tweet-service's image tarball (target/jib-image.tar, profile "images"), read without a Docker engine. */
class ImageIT extends ImageContract {
}
