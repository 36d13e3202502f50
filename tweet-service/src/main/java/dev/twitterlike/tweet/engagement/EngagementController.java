package dev.twitterlike.tweet.engagement;

import dev.twitterlike.common.web.CurrentUser;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Like, unlike, retweet, undo a retweet: all idempotent, each answering with the state after it. */
@RestController
@RequestMapping("/api/tweets/{id:\\d+}")
class EngagementController {

    private final Engagements engagements;

    EngagementController(Engagements engagements) {
        this.engagements = engagements;
    }

    @PostMapping("/like")
    Engagements.LikeState like(@CurrentUser long userId, @PathVariable long id) {
        return engagements.like(userId, id);
    }

    @DeleteMapping("/like")
    Engagements.LikeState unlike(@CurrentUser long userId, @PathVariable long id) {
        return engagements.unlike(userId, id);
    }

    @PostMapping("/retweet")
    Engagements.RetweetState retweet(@CurrentUser long userId, @PathVariable long id) {
        return engagements.retweet(userId, id);
    }

    @DeleteMapping("/retweet")
    Engagements.RetweetState undoRetweet(@CurrentUser long userId, @PathVariable long id) {
        return engagements.undoRetweet(userId, id);
    }
}
