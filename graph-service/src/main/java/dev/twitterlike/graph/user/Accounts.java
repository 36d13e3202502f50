package dev.twitterlike.graph.user;

import dev.twitterlike.common.events.GraphEvents.UserUpdated;
import dev.twitterlike.common.events.Topics;
import dev.twitterlike.common.ids.Snowflake;
import dev.twitterlike.common.outbox.OutboxWriter;
import dev.twitterlike.common.web.Problems;
import dev.twitterlike.tweetviews.TweetCache;
import dev.twitterlike.tweetviews.TweetView.UserSummary;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.ErrorResponseException;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Registration, sign-in checks and profile changes. */
@Service
public class Accounts {

    /** Compared against when the username is unknown, so both failures cost one BCrypt check. */
    private final String noSuchUserHash;

    private final UserRepository users;
    private final PasswordEncoder passwords;
    private final Snowflake ids;
    private final OutboxWriter outbox;
    private final ObjectProvider<TweetCache> summaries;

    Accounts(UserRepository users, PasswordEncoder passwords, Snowflake ids, OutboxWriter outbox,
            ObjectProvider<TweetCache> summaries) {
        this.summaries = summaries;
        this.users = users;
        this.passwords = passwords;
        this.ids = ids;
        this.outbox = outbox;
        this.noSuchUserHash = passwords.encode(java.util.UUID.randomUUID().toString());
    }

    @Transactional
    public long register(RegistrationRequest request) {
        String username = request.username();
        if (Usernames.isReserved(username)) {
            throw Problems.invalid(Map.of("username", "is reserved"));
        }
        if (users.existsByUsernameIgnoreCase(username)) {
            throw usernameTaken();
        }
        String displayName = request.displayName() == null || request.displayName().isBlank()
                ? username : request.displayName().strip();
        User user = new User(ids.nextId(), username, displayName, passwords.encode(request.password()), Instant.now());
        try {
            users.saveAndFlush(user);
        } catch (DataIntegrityViolationException raced) {
            // two registrations of one name at once: the unique index decides (SQLState 23505);
            // anything else (a value PostgreSQL cannot store) is the common 400 for bad input
            if (raced.getMostSpecificCause() instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                throw usernameTaken();
            }
            throw raced;
        }
        return user.getId();
    }

    /** The user id when the credentials match; empty for a wrong username and a wrong password alike. */
    @Transactional(readOnly = true)
    public Optional<Long> authenticate(LoginRequest request) {
        Optional<User> user = users.findByUsernameIgnoreCase(request.username());
        boolean matches = passwords.matches(request.password(), user.map(User::getPasswordHash).orElse(noSuchUserHash));
        return matches ? user.map(User::getId) : Optional.empty();
    }

    @Transactional
    public void updateProfile(long userId, ProfileUpdate update) {
        if (update.displayName() != null && update.displayName().isBlank()) {
            throw Problems.invalid(Map.of("displayName", "must not be blank"));
        }
        User user = users.findById(userId).orElseThrow(() -> Problems.notFound("user", userId));
        user.updateProfile(update, Instant.now());
        // the read model's cached summary (tweet-views' TweetCache) is overwritten at commit: the next read shows the edit
        UserSummary summary = new UserSummary(Long.toString(userId), user.getUsername(), user.getDisplayName(), user.getAvatarUrl());
        summaries.ifAvailable(cache -> cache.afterCommit("profile of " + userId, c -> c.putUser(summary)));
        outbox.append(Topics.USER_UPDATED, userId, new UserUpdated(userId, user.getUsername(), user.getDisplayName(),
                user.getAvatarUrl(), user.getLocationKey(), user.getFollowerCount(), user.isCelebrity(), false));
    }

    private static ErrorResponseException usernameTaken() {
        ErrorResponseException e = Problems.of(HttpStatus.CONFLICT, "username-taken", "That username is taken");
        e.getBody().setProperty("errors", Map.of("username", "is taken"));
        return e;
    }
}
