package dev.twitterlike.graph.user;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** PATCH /api/users/me: absent fields stay as they are. */
record ProfileUpdate(
        @Size(min = 1, max = 50, message = "must be 1 to 50 characters") String displayName,
        @Size(max = 160, message = "must be at most 160 characters") String bio,
        @Size(max = 30, message = "must be at most 30 characters") String location,
        @Size(max = 500, message = "must be at most 500 characters")
        @Pattern(regexp = "^$|^(https?://|/media/)\\S+$", message = "must be an http(s) URL or a media path")
        String avatarUrl) {
}
