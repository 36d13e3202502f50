package dev.twitterlike.devstack;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * devstack's Valkey Cluster is a real one: three masters and three replicas covering every
 * slot, a script whose keys hash to two slots refused, and a master's death covered by its
 * replica.
 */
class ValkeyClusterTest {

    private static ValkeyCluster cluster;
    private static RedisClusterClient client;
    private static StatefulRedisClusterConnection<String, String> connection;

    @BeforeAll
    static void start() {
        cluster = ValkeyCluster.start(RedisNode.TEST_PASSWORD);
        client = RedisClusterClient.create(cluster.ports().stream()
                .map(port -> RedisURI.builder().withHost("127.0.0.1").withPort(port)
                        .withAuthentication(RedisNode.USER, RedisNode.TEST_PASSWORD.toCharArray()).build())
                .toList());
        // as the services' clients are (common's ValkeyClientAutoConfiguration): a command to an
        // unreachable node fails at once, times out after 1 s, and the topology is re-read on
        // every redirect or reconnect
        client.setOptions(ClusterClientOptions.builder()
                .disconnectedBehavior(io.lettuce.core.ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(io.lettuce.core.TimeoutOptions.enabled(Duration.ofSeconds(1)))
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enableAllAdaptiveRefreshTriggers().adaptiveRefreshTriggersTimeout(Duration.ofSeconds(1))
                        .enablePeriodicRefresh(Duration.ofSeconds(5)).build()).build());
        connection = client.connect();
    }

    @AfterAll
    static void stop() {
        if (connection != null) {
            connection.close();
            client.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void threeMastersWithAReplicaEachServeEverySlot() {
        RedisAdvancedClusterCommands<String, String> commands = connection.sync();
        assertThat(commands.clusterInfo()).contains("cluster_state:ok", "cluster_slots_assigned:16384", "cluster_known_nodes:6");
        List<String> nodes = commands.clusterNodes().lines().toList();
        assertThat(nodes).filteredOn(line -> line.contains("master")).hasSize(3);
        assertThat(nodes).filteredOn(line -> line.contains("slave")).hasSize(3);
        for (int i = 0; i < 200; i++) {
            commands.set("k" + i, "v" + i);
        }
        assertThat(commands.get("k199")).isEqualTo("v199");
    }

    @Test
    void aScriptWhoseKeysHashToTwoSlotsIsRefused() {
        RedisAdvancedClusterCommands<String, String> commands = connection.sync();
        assertThat(SlotHash.getSlot("timeline:{1}")).isNotEqualTo(SlotHash.getSlot("timeline:{2}"));
        assertThatThrownBy(() -> commands.eval("return redis.call('GET', KEYS[2])", ScriptOutputType.VALUE,
                "timeline:{1}", "timeline:{2}")).isInstanceOf(RedisCommandExecutionException.class).hasMessageContaining("CROSSSLOT");
        // the same two names with one user's tag: one slot, accepted
        assertThat((Object) commands.eval("return redis.call('SET', KEYS[2], 'x')", ScriptOutputType.STATUS,
                "timeline:{1}", "timeline:gap:{1}")).isEqualTo("OK");
    }

    @Test
    void aScriptThatBuildsAKeyAnotherNodeHoldsIsRefused() {
        RedisAdvancedClusterCommands<String, String> commands = connection.sync();
        String here = "a{x}";
        String elsewhere = java.util.stream.IntStream.range(0, 1000).mapToObj(i -> "b" + i)
                .filter(k -> !nodeOf(k).equals(nodeOf(here))).findFirst().orElseThrow();
        assertThatThrownBy(() -> commands.eval("return redis.call('GET', ARGV[1])", ScriptOutputType.VALUE,
                new String[] {here}, elsewhere)).isInstanceOf(RedisCommandExecutionException.class).hasMessageContaining("non local key");
    }

    @Test
    void aMasterThatDiesIsReplacedByItsReplicaAndKeepsWhatWasReplicated() {
        RedisAdvancedClusterCommands<String, String> commands = connection.sync();
        String key = "failover:{" + System.nanoTime() + "}";
        commands.set(key, "kept");
        // acknowledged by the replica too before the master goes (Valkey's replication is asynchronous)
        assertThat(commands.getConnection(nodeOf(key)).waitForReplication(1, 2000)).isEqualTo(1);
        int masterPort = portOf(nodeOf(key));
        long t0 = System.nanoTime();
        cluster.stopNode(masterPort);
        // until a write to the dead master's slots is taken again (its replica promoted)
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> "OK".equals(commands.set(key + ":after", "written")));
        String value = commands.get(key);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("devstack: master on %d stopped; writes to its slots again after %d ms%n", masterPort, millis);
        assertThat(value).as("the replicated write survives the failover").isEqualTo("kept");
        assertThat(millis).as("failover within 15 s (node timeout %d ms)", ValkeyCluster.NODE_TIMEOUT_MS).isLessThan(15_000);
        cluster.startNode(masterPort);
        ValkeyCluster.awaitHealthy(cluster.ports(), RedisNode.TEST_PASSWORD, Duration.ofSeconds(30));
        assertThat(commands.get(key + ":after")).isEqualTo("written");
    }

    private String nodeOf(String key) {
        int slot = SlotHash.getSlot(key);
        return connection.getPartitions().getPartitionBySlot(slot).getNodeId();
    }

    private int portOf(String nodeId) {
        return connection.getPartitions().getPartitionByNodeId(nodeId).getUri().getPort();
    }

}
