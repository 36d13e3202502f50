package dev.twitterlike.graph.user;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

record RegistrationRequest(
        @NotBlank(message = "is required")
        @Pattern(regexp = Usernames.PATTERN, message = "must be 1 to 15 letters, digits or underscores")
        String username,
        @NotBlank(message = "is required")
        @Size(min = 8, max = 72, message = "must be 8 to 72 characters")
        String password,
        @Size(max = 50, message = "must be at most 50 characters")
        String displayName) {
}
