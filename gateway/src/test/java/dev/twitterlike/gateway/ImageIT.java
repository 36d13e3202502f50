package dev.twitterlike.gateway;

import dev.twitterlike.devstack.ImageContract;

/** gateway's image tarball (target/jib-image.tar, profile "images"), read without a Docker engine. */
class ImageIT extends ImageContract {
}
