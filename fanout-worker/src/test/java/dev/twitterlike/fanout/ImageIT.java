package dev.twitterlike.fanout;

import dev.twitterlike.devstack.ImageContract;

/** fanout-worker's image tarball (target/jib-image.tar, profile "images"), read without a Docker engine. */
class ImageIT extends ImageContract {
}
