package dev.twitterlike.notification;

import dev.twitterlike.devstack.ImageContract;

/** notification-service's image tarball (target/jib-image.tar, profile "images"), read without a Docker engine. */
class ImageIT extends ImageContract {
}
