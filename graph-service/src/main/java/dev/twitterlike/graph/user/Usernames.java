package dev.twitterlike.graph.user;

import java.util.Locale;
import java.util.Set;

/** Names nobody may take: the web app's own routes, and names that would mislead. */
final class Usernames {

    static final String PATTERN = "^[A-Za-z0-9_]{1,15}$";

    private static final Set<String> RESERVED = Set.of(
            "api", "admin", "administrator", "root", "system", "support", "help", "about", "explore", "home",
            "login", "logout", "signin", "signup", "register", "settings", "notifications", "messages", "search",
            "hashtag", "hashtags", "status", "tweet", "tweets", "user", "users", "i", "me", "compose", "trends",
            "timeline", "followers", "following", "live", "ready", "health", "actuator", "static", "assets",
            "twitter", "lab", "null", "undefined");

    private Usernames() {
    }

    static boolean isReserved(String username) {
        return RESERVED.contains(username.toLowerCase(Locale.ROOT));
    }
}
