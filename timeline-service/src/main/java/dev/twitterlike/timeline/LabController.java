package dev.twitterlike.timeline;

import dev.twitterlike.common.web.CurrentUser;
import dev.twitterlike.common.web.Problems;
import dev.twitterlike.timeline.lab.LabInternals;
import dev.twitterlike.timeline.lab.TweetJourneys;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * The web app's Lab page (docs/lab-page.md): the running system's fanout figures, and a tweet's
 * journey through it. For signed-in users, like the home timeline.
 */
@RestController
@RequestMapping("/api/lab")
class LabController {

    private final LabInternals internals;
    private final TweetJourneys journeys;

    LabController(LabInternals internals, TweetJourneys journeys) {
        this.internals = internals;
        this.journeys = journeys;
    }

    @GetMapping("/internals")
    LabInternals.Internals internals(@CurrentUser long userId) {
        return internals.now();
    }

    @GetMapping("/journey/{tweetId}")
    TweetJourneys.Journey journey(@CurrentUser long userId, @PathVariable String tweetId) {
        Long id = TimelineController.id("tweetId", tweetId);
        if (id == null) {
            throw Problems.invalid(Map.of("tweetId", "must be an id"));
        }
        return journeys.of(id);
    }
}
