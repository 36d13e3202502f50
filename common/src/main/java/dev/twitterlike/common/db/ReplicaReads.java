package dev.twitterlike.common.db;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reads that tolerate a little lag (docs/cluster.md, "PostgreSQL with a replica"): timeline
 * rebuilds and pulls, hydration misses, user and follower lists, the trends' rebuild. They go to
 * the read-only replica while it streams from the primary and is at most {@code maxLag} behind,
 * and to the primary otherwise (no replica configured, the replica down, not streaming, too far
 * behind, or promoted: a replica pool that reaches a primary is no replica).
 *
 * <p>A probe asks the replica once a {@code probeInterval}: {@code pg_is_in_recovery()}, whether
 * its WAL receiver runs (the service's role sees the receiver's row, not its details), and how
 * far its replay is behind what it received (0 when caught up or nothing received yet, else the age of the last replayed
 * transaction; infinite when none was replayed since the standby started). Behind at the first
 * reading, it looks again 100 ms later: WAL that arrives after a quiet minute is replayed in
 * milliseconds, while the age of the last replayed transaction says a minute. Published as
 * {@code twitter_db_replica_lag_seconds} (NaN when unknown), {@code twitter_db_replica_in_use}
 * (1 or 0) and {@code twitter_db_reads_total{target="replica"|"primary"}}.
 *
 * <p>Reads that must see the caller's own write (does this user exist, did this sign-in just
 * change) use the primary's {@code JdbcClient} directly, never this.
 */
public final class ReplicaReads implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplicaReads.class);
    /** How long a standby found behind gets to replay what it had received before the lag counts. */
    private static final Duration CATCH_UP = Duration.ofMillis(100);

    private final JdbcClient primary;
    private final JdbcClient replica;
    private final JdbcClient probe;
    private final DataSource replicaSource;
    private final Duration maxLag;
    private final ScheduledExecutorService scheduler;
    private final Counter replicaReads;
    private final Counter primaryReads;
    private volatile boolean useReplica;
    private volatile double lagSeconds = Double.NaN;

    /** Every read on the primary: no replica is configured. */
    public static ReplicaReads primaryOnly(DataSource primary, MeterRegistry meters) {
        return new ReplicaReads(primary, null, Duration.ZERO, Duration.ZERO, meters);
    }

    /**
     * @param replica       the replica's pool (read-only; closed with this), or null for none
     * @param maxLag        the bound past which reads go back to the primary
     * @param probeInterval how often the replica's state is read
     */
    public ReplicaReads(DataSource primary, DataSource replica, Duration maxLag, Duration probeInterval, MeterRegistry meters) {
        this.primary = JdbcClient.create(primary);
        this.replica = replica == null ? null : JdbcClient.create(replica);
        this.replicaSource = replica;
        this.maxLag = maxLag;
        if (replica != null) {
            JdbcTemplate template = new JdbcTemplate(replica);
            template.setQueryTimeout(2);
            this.probe = JdbcClient.create(template);
            this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "replica-probe");
                thread.setDaemon(true);
                return thread;
            });
            scheduler.scheduleWithFixedDelay(this::probe, 0, probeInterval.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            this.probe = null;
            this.scheduler = null;
        }
        replicaReads = Counter.builder("twitter.db.reads").tag("target", "replica")
                .description("lag-tolerant reads, by the server that answered them").register(meters);
        primaryReads = Counter.builder("twitter.db.reads").tag("target", "primary")
                .description("lag-tolerant reads, by the server that answered them").register(meters);
        Gauge.builder("twitter.db.replica.lag", this, r -> r.lagSeconds).baseUnit("seconds")
                .description("how far the replica's replay is behind the primary (NaN: not known, no replica)").register(meters);
        Gauge.builder("twitter.db.replica.in.use", this, r -> r.useReplica ? 1 : 0)
                .description("1 while lag-tolerant reads go to the replica").register(meters);
    }

    /** A lag-tolerant statement, on the replica or the primary as the last probe decided. */
    public JdbcClient.StatementSpec sql(String sql) {
        if (useReplica) {
            replicaReads.increment();
            return replica.sql(sql);
        }
        primaryReads.increment();
        return primary.sql(sql);
    }

    /** Whether lag-tolerant reads go to the replica now. */
    public boolean onReplica() {
        return useReplica;
    }

    /** The replica's last measured lag in seconds; NaN when unknown. */
    public double lagSeconds() {
        return lagSeconds;
    }

    void probe() {
        boolean before = useReplica;
        try {
            State state = probe.sql("""
                            SELECT pg_is_in_recovery() AS standby,
                                   EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE pid IS NOT NULL) AS streaming,
                                   CASE WHEN coalesce(pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn(), true) THEN 0
                                        ELSE coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()), 'Infinity')
                                   END::float8 AS lag,
                                   pg_last_wal_receive_lsn()::text AS received
                            """)
                    .query((rs, n) -> new State(rs.getBoolean("standby"), rs.getBoolean("streaming"), rs.getDouble("lag"),
                            rs.getString("received")))
                    .single();
            if (state.lag() > 0 && state.received() != null && caughtUpSoon(state.received())) {
                // WAL that had just arrived after a quiet spell: the age of the last replayed
                // transaction said minutes, the replay took milliseconds
                state = new State(state.standby(), state.streaming(), 0, state.received());
            }
            lagSeconds = state.standby() ? state.lag() : Double.NaN;
            if (!state.standby() && replicaSource instanceof HikariDataSource pool && pool.getHikariPoolMXBean() != null) {
                // the pool reached a primary (the standby was down, or is promoted): its connections
                // go, so that the next ones look for a standby again
                pool.getHikariPoolMXBean().softEvictConnections();
            }
            useReplica = state.standby() && state.streaming() && state.lag() <= maxLag.toMillis() / 1000.0;
        } catch (RuntimeException e) {
            lagSeconds = Double.NaN;
            useReplica = false;
            if (before) {
                log.warn("replica unreachable, lag-tolerant reads go to the primary: {}", e.getMessage());
            }
            return;
        }
        if (before != useReplica) {
            log.info("lag-tolerant reads now go to the {} (replica lag {} s, bound {})",
                    useReplica ? "replica" : "primary", lagSeconds, maxLag);
        }
    }

    /** Whether the replay reaches what had been received at the first reading, a moment later. */
    private boolean caughtUpSoon(String received) {
        try {
            Thread.sleep(CATCH_UP.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return probe.sql("SELECT coalesce(pg_last_wal_replay_lsn() >= ?::pg_lsn, false)").param(received)
                .query(Boolean.class).single();
    }

    private record State(boolean standby, boolean streaming, double lag, String received) {
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (replicaSource instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("closing the replica pool failed: {}", e.toString());
            }
        }
    }
}
