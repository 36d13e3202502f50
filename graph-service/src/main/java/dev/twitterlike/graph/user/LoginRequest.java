package dev.twitterlike.graph.user;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

record LoginRequest(@NotBlank(message = "is required") @Size(max = 15) String username,
        @NotBlank(message = "is required") @Size(max = 72) String password) {
}
