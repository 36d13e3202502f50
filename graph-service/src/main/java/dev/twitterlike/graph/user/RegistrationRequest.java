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

    /** BCrypt reads at most 72 bytes, counted in UTF-8: 40 "é" are 80 bytes though 40 characters. */
    static final int MAX_PASSWORD_BYTES = 72;

    /** Checked after the annotations: the problem names {@code password}, as for a short one. */
    void requireEncodablePassword() {
        if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw dev.twitterlike.common.web.Problems.invalid(java.util.Map.of("password", "must be at most 72 bytes in UTF-8"));
        }
    }
}
