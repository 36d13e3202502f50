package dev.twitterlike.graph.user;

import dev.twitterlike.common.web.CurrentUser;
import dev.twitterlike.common.web.Problems;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Profiles: read by id or username, and edit one's own. */
@RestController
@RequestMapping("/api/users")
class UserController {

    private final Accounts accounts;
    private final UserQueries queries;

    UserController(Accounts accounts, UserQueries queries) {
        this.accounts = accounts;
        this.queries = queries;
    }

    @GetMapping("/{id:\\d+}")
    UserView byId(@PathVariable long id, @CurrentUser(required = false) Long viewerId) {
        return queries.byId(id, viewerId).orElseThrow(() -> Problems.notFound("user", id));
    }

    @GetMapping("/lookup")
    UserView byUsername(@RequestParam String username, @CurrentUser(required = false) Long viewerId) {
        return queries.byUsername(username, viewerId).orElseThrow(() -> Problems.notFound("user", "@" + username));
    }

    @PatchMapping("/me")
    UserView update(@Valid @RequestBody ProfileUpdate update, @CurrentUser long userId) {
        accounts.updateProfile(userId, update);
        return queries.byId(userId, userId).orElseThrow();
    }
}
