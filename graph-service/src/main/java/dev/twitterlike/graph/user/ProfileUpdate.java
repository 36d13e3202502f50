package dev.twitterlike.graph.user;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * PATCH /api/users/me: absent fields stay as they are. The avatar is a picture uploaded here
 * ({@code /media/<name>}) or nothing: a URL on another host would have every viewer's browser
 * call that host (telling it their address and what they look at).
 */
record ProfileUpdate(
        @Size(min = 1, max = 50, message = "must be 1 to 50 characters") String displayName,
        @Size(max = 160, message = "must be at most 160 characters") String bio,
        @Size(max = 30, message = "must be at most 30 characters") String location,
        @Size(max = 500, message = "must be at most 500 characters")
        @Pattern(regexp = "^$|^/media/[A-Za-z0-9][A-Za-z0-9._-]{0,200}$", message = "must be a picture uploaded here (/media/...)")
        String avatarUrl) {
}
