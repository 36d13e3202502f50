package dev.twitterlike.tweet;

import dev.twitterlike.common.web.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;

/**
 * Problems for uploads that common's handler would otherwise report as a 500: a multipart body
 * that cannot be parsed is the client's fault. Ahead of common's handler, which catches every
 * {@code Exception}.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class UploadProblems {

    private final long maxMegabytes;

    UploadProblems(dev.twitterlike.tweet.media.MediaProperties media) {
        this.maxMegabytes = media.maxSize().toMegabytes();
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ErrorResponseException tooLarge(MaxUploadSizeExceededException e) {
        return Problems.of(HttpStatus.CONTENT_TOO_LARGE, "too-large", "Images can be at most " + maxMegabytes + " MB");
    }

    @ExceptionHandler(MultipartException.class)
    ErrorResponseException unreadable(MultipartException e) {
        return Problems.badRequest("The upload is not a readable multipart/form-data body");
    }
}
