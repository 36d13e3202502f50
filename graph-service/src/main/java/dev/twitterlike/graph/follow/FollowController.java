package dev.twitterlike.graph.follow;

import dev.twitterlike.common.web.CurrentUser;
import dev.twitterlike.common.web.Problems;
import dev.twitterlike.graph.user.UserQueries;
import dev.twitterlike.graph.user.UserView;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/** Follow, unfollow, followers, following, who to follow. */
@RestController
@RequestMapping("/api/users")
class FollowController {

    private final Follows follows;
    private final FollowQueries queries;
    private final UserQueries users;

    FollowController(Follows follows, FollowQueries queries, UserQueries users) {
        this.follows = follows;
        this.queries = queries;
        this.users = users;
    }

    @PostMapping("/{id:\\d+}/follow")
    UserView follow(@PathVariable long id, @CurrentUser long userId) {
        follows.follow(userId, id);
        return users.byId(id, userId).orElseThrow(() -> Problems.notFound("user", id));
    }

    @DeleteMapping("/{id:\\d+}/follow")
    UserView unfollow(@PathVariable long id, @CurrentUser long userId) {
        follows.unfollow(userId, id);
        return users.byId(id, userId).orElseThrow(() -> Problems.notFound("user", id));
    }

    @GetMapping("/{id:\\d+}/followers")
    Page<UserView> followers(@PathVariable long id, @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit, @CurrentUser(required = false) Long viewerId) {
        requireUser(id);
        return queries.followers(id, cursor, limit, viewerId);
    }

    @GetMapping("/{id:\\d+}/following")
    Page<UserView> following(@PathVariable long id, @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit, @CurrentUser(required = false) Long viewerId) {
        requireUser(id);
        return queries.following(id, cursor, limit, viewerId);
    }

    @GetMapping("/suggestions")
    Map<String, List<UserView>> suggestions(@RequestParam(defaultValue = "5") @Min(1) @Max(50) int limit,
            @CurrentUser long userId) {
        return Map.of("items", queries.suggestions(userId, limit));
    }

    private void requireUser(long id) {
        if (!users.exists(id)) {
            throw Problems.notFound("user", id);
        }
    }
}
