package dev.twitterlike.graph.user;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

import java.util.Optional;

/**
 * The User aggregate, loaded, changed and saved whole (registration, the sign-in check, profile
 * changes). Its counters and celebrity flag are changed in place by statements
 * ({@code Follows}, {@code TweetCounts}) and read by {@link UserQueries}: docs/data-access.md.
 * Both lookups compare {@code lower(username)}, as the unique index does.
 */
interface UserRepository extends JpaRepository<User, Long> {

    @Query("select u from User u where lower(u.username) = lower(?1)")
    Optional<User> findByUsernameIgnoreCase(String username);

    @Query("select count(u) > 0 from User u where lower(u.username) = lower(?1)")
    boolean existsByUsernameIgnoreCase(String username);
}
