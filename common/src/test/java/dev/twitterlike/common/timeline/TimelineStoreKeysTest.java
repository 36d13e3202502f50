package dev.twitterlike.common.timeline;

import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The timeline store's key names: one per user and kind, and all of one user's in one Valkey Cluster slot. */
class TimelineStoreKeysTest {

    @Test
    void eachUserHasTheirOwnKeysOfEachKind() {
        assertThat(TimelineStore.timelineKey(1)).isEqualTo("timeline:{1}").isNotEqualTo(TimelineStore.timelineKey(2));
        assertThat(Set.of(TimelineStore.timelineKey(1), TimelineStore.recentKey(1), TimelineStore.followingKey(1),
                TimelineStore.followingStampKey(1))).hasSize(4);
    }

    @Test
    void allOfOneUsersKeysShareAClusterSlot() {
        for (long user : List.of(1L, 42L, 386225053668220928L, Long.MAX_VALUE)) {
            Set<Integer> slots = Set.of(TimelineStore.timelineKey(user), TimelineStore.recentKey(user),
                    TimelineStore.followingKey(user), TimelineStore.followingStampKey(user))
                    .stream().map(SlotHash::getSlot).collect(Collectors.toSet());
            assertThat(slots).as("slots of user %d's keys", user).hasSize(1);
        }
    }

    @Test
    void differentUsersSpreadOverTheSlots() {
        Set<Integer> slots = LongStream.range(0, 1000).mapToObj(TimelineStore::timelineKey).map(SlotHash::getSlot)
                .collect(Collectors.toSet());
        assertThat(slots.size()).isGreaterThan(900);
    }
}
