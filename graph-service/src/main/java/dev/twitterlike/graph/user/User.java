package dev.twitterlike.graph.user;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A user as graph-service stores it. Counts and the celebrity flag are changed only by
 * atomic SQL in the follow feature (never read-modify-write through this entity), so the
 * entity maps them read-only.
 */
@Entity
@Table(name = "users")
public class User {

    @Id
    private Long id;
    private String username;
    private String displayName;
    private String bio;
    private String location;
    private String locationKey;
    private String avatarUrl;
    private String passwordHash;
    @Column(insertable = false, updatable = false)
    private int followerCount;
    @Column(insertable = false, updatable = false)
    private int followingCount;
    @Column(insertable = false, updatable = false)
    private int tweetCount;
    @Column(name = "is_celebrity", insertable = false, updatable = false)
    private boolean celebrity;
    private Instant createdAt;
    private Instant updatedAt;

    protected User() {
    }

    User(long id, String username, String displayName, String passwordHash, Instant now) {
        this.id = id;
        this.username = username;
        this.displayName = displayName;
        this.bio = "";
        this.location = "";
        this.passwordHash = passwordHash;
        this.createdAt = now;
        this.updatedAt = now;
    }

    void updateProfile(ProfileUpdate update, Instant now) {
        if (update.displayName() != null) {
            displayName = update.displayName().strip();
        }
        if (update.bio() != null) {
            bio = update.bio().strip();
        }
        if (update.location() != null) {
            location = update.location().strip();
            locationKey = LocationKeys.of(location);
        }
        if (update.avatarUrl() != null) {
            avatarUrl = update.avatarUrl().isBlank() ? null : update.avatarUrl().strip();
        }
        updatedAt = now;
    }

    public Long getId() {
        return id;
    }

    public String getUsername() {
        return username;
    }

    public String getDisplayName() {
        return displayName;
    }

    public String getAvatarUrl() {
        return avatarUrl;
    }

    public String getLocationKey() {
        return locationKey;
    }

    public String getPasswordHash() {
        return passwordHash;
    }

    public int getFollowerCount() {
        return followerCount;
    }

    public boolean isCelebrity() {
        return celebrity;
    }
}
