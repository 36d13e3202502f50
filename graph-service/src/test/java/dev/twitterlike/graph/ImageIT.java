package dev.twitterlike.graph;

import dev.twitterlike.devstack.ImageContract;

/** graph-service's image tarball (target/jib-image.tar, profile "images"), read without a Docker engine. */
class ImageIT extends ImageContract {
}
