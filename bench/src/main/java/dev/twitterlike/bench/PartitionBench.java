package dev.twitterlike.bench;

import dev.twitterlike.common.ids.Snowflake;
import org.HdrHistogram.Histogram;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code scripts/bench.sh partitions} (docs/cluster.md, "Partitions"): does partitioning
 * {@code trends.hashtag_activity} by day help, and by which key? The table's one bulk operation is
 * its retention purge (a day of activity past 90 days); its other reads are the rebuild's scan of
 * the recent window and, per {@code tweet.created} / {@code tweet.deleted} event, a lookup by
 * tweet id. The same rows (BENCH_PARTITION_DAYS days of BENCH_PARTITION_ROWS_PER_DAY, two hashtags
 * a tweet, ids made as tweet-service makes them) are loaded into three layouts in a scratch schema:
 * the table as trend-service had it (purged in DELETE batches of 5,000, as the retention job
 * does), the table partitioned by day of {@code occurred_at}, and the table partitioned by day of
 * tweet id (a Snowflake id's leading bits are its time, so a day is an id range). Measured per
 * layout: the load, the purge of the oldest day (time, WAL written: what a standby receives and
 * replays, and space left behind), the newest day's scan, and single-tweet lookups. Written to
 * {@code bench/results/partitions-<date>.md}; the schema is dropped afterwards.
 */
final class PartitionBench {

    private static final String SCHEMA = "bench_partitions";

    private enum Key { NONE, OCCURRED_AT, TWEET_ID }

    private record Layout(String name, String table, Key key) {
    }

    private record Figures(double loadMs, long purgedRows, double purgeMs, long walBytes, long bytesBefore,
            long bytesAfter, double scanMs, double lookupP50Us, double lookupP99Us, double customP50Us, double customP99Us) {
    }

    public static void main(String[] args) throws Exception {
        BenchConfig config = BenchConfig.fromEnvironment();
        int perDay = Integer.parseInt(System.getenv().getOrDefault("BENCH_PARTITION_ROWS_PER_DAY", "20000"));
        int days = Integer.parseInt(System.getenv().getOrDefault("BENCH_PARTITION_DAYS", "91"));
        List<Layout> layouts = List.of(
                new Layout("one table, purged in DELETE batches (today)", SCHEMA + ".plain", Key.NONE),
                new Layout("by day of occurred_at, the oldest partition dropped", SCHEMA + ".by_time", Key.OCCURRED_AT),
                new Layout("by day of tweet id, the oldest partition dropped", SCHEMA + ".by_id", Key.TWEET_ID));
        List<Figures> figures = new ArrayList<>();
        String version;
        String follows;
        String tweets;
        long today = LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        try (Connection db = config.database(); Statement s = db.createStatement()) {
            db.setAutoCommit(true);
            version = single(s, "SHOW server_version");
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            s.execute("CREATE SCHEMA " + SCHEMA);
            try {
                System.out.printf("source: %,d rows (%d days of %,d)%n", (long) perDay * days, days, perDay);
                source(s, perDay, days, today);
                for (Layout layout : layouts) {
                    System.out.printf("%s%n", layout.name());
                    Figures f = measure(db, s, layout, days, today);
                    figures.add(f);
                    System.out.printf(Locale.ROOT, "  load %.0f ms; purge %,d rows in %.0f ms, %s of WAL, %s -> %s; newest-day scan %.1f ms;"
                                    + " lookup p50 %.0f us, p99 %.0f us (custom plans %.0f, %.0f)%n", f.loadMs(), f.purgedRows(), f.purgeMs(), size(f.walBytes()),
                            size(f.bytesBefore()), size(f.bytesAfter()), f.scanMs(), f.lookupP50Us(), f.lookupP99Us(), f.customP50Us(),
                            f.customP99Us());
                }
                s.execute("DROP TABLE " + SCHEMA + ".src");
                follows = follows(db, s);
                tweets = tweets(db, s, today);
            } finally {
                s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            }
        }
        write(perDay, days, version, layouts, figures, follows + tweets);
    }

    /**
     * {@code graph.follows} as graph-service has it, against the same hash-partitioned by
     * follower (the design's shard key): 20,000 users, about 700,000 follows, power-law
     * popularity. Measured: whom a user follows (by follower: one partition) and a page of a
     * user's newest followers (by following: every partition).
     */
    private static String follows(Connection db, Statement s) throws SQLException {
        int users = 20_000;
        s.execute("SELECT setseed(0.42)");
        s.execute("CREATE TABLE " + SCHEMA + ".follows_src AS SELECT DISTINCT ON (follower_id, following_id) * FROM ("
                + " SELECT g % " + users + " AS follower_id, floor(" + users + " * power(random(), 3))::bigint AS following_id,"
                + " now() - random() * interval '365 days' AS created_at FROM generate_series(1, 720000) g) f"
                + " WHERE follower_id <> following_id");
        String columns = "follower_id BIGINT NOT NULL, following_id BIGINT NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now(),"
                + " PRIMARY KEY (follower_id, following_id)";
        List<String[]> layouts = List.of(
                new String[] {"one table (today)", "CREATE TABLE %s (" + columns + ")", ""},
                new String[] {"hash by follower_id, 16 partitions", "CREATE TABLE %s (" + columns + ") PARTITION BY HASH (follower_id)", "16"});
        List<Object> someUsers = values(s, "SELECT g FROM generate_series(0, " + (users - 1) + ") g ORDER BY md5(g::text) LIMIT 3000");
        List<Query> queries = List.of(
                new Query("whom a user follows (by follower)", "SELECT following_id FROM %s WHERE follower_id = ?", someUsers),
                new Query("a user's newest 50 followers (by following)",
                        "SELECT follower_id FROM %s WHERE following_id = ? ORDER BY created_at DESC, follower_id DESC LIMIT 50", someUsers));
        return compare(db, s, "graph.follows: one table or hash partitions by follower",
                String.format(Locale.ROOT, "%,d follows of %,d users (power-law popularity).", Long.parseLong(single(s,
                        "SELECT count(*) FROM " + SCHEMA + ".follows_src")), users),
                "follows", layouts, List.of("(following_id, follower_id)", "(following_id, created_at DESC, follower_id DESC)",
                        "(follower_id, created_at DESC, following_id DESC)"), queries);
    }

    /**
     * {@code tweets.tweets} as tweet-service has it, against the same partitioned by month of id
     * (by time: a Snowflake id's leading bits are its time): 1,000,000 tweets over 180 days.
     * Measured: hydration (20 recent ids, {@code id = ANY(?)}) and an author's newest 20.
     */
    private static String tweets(Connection db, Statement s, long today) throws SQLException {
        int days = 180;
        int count = 1_000_000;
        long first = today - (long) days * 86_400_000L;
        int shift = Snowflake.WORKER_BITS + Snowflake.SEQUENCE_BITS;
        s.execute("SELECT setseed(0.42)");
        s.execute("CREATE TABLE " + SCHEMA + ".tweets_src AS SELECT ((ms - " + Snowflake.EPOCH + ") << " + shift + ") + (g % 4096) AS id,"
                + " floor(20000 * power(random(), 3))::bigint AS author_id, repeat('tweet ', 10) || g AS content,"
                + " to_timestamp(ms / 1000.0) AS created_at FROM (SELECT g, " + first + " + g * " + ((long) days * 86_400_000L / count)
                + "::bigint AS ms FROM generate_series(0::bigint, " + (count - 1) + ") g) t");
        String columns = "id BIGINT NOT NULL, author_id BIGINT NOT NULL, content VARCHAR(280) NOT NULL, created_at TIMESTAMPTZ NOT NULL,"
                + " PRIMARY KEY (id)";
        StringBuilder months = new StringBuilder();
        LocalDate month = LocalDate.ofEpochDay(first / 86_400_000L).withDayOfMonth(1);
        LocalDate end = LocalDate.ofEpochDay(today / 86_400_000L).plusMonths(1).withDayOfMonth(1);
        int partitions = 0;
        for (LocalDate m = month; m.isBefore(end); m = m.plusMonths(1)) {
            months.append(Snowflake.firstIdAt(m.atStartOfDay(ZoneOffset.UTC).toInstant())).append(',');
            partitions++;
        }
        months.append(Snowflake.firstIdAt(end.atStartOfDay(ZoneOffset.UTC).toInstant()));
        List<String[]> layouts = List.of(
                new String[] {"one table (today)", "CREATE TABLE %s (" + columns + ")", ""},
                new String[] {"by month of id, " + partitions + " partitions", "CREATE TABLE %s (" + columns + ") PARTITION BY RANGE (id)",
                        "range:" + months});
        // hydration asks for tweets of home timelines: 20 of the last week's at random, 3,000 times
        List<Object> lastWeek = values(s, "SELECT id FROM " + SCHEMA + ".tweets_src WHERE created_at > now() - interval '7 days'");
        java.util.Random random = new java.util.Random(42);
        List<Object> pages = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            StringBuilder page = new StringBuilder("{");
            for (int j = 0; j < 20; j++) {
                page.append(j == 0 ? "" : ",").append(lastWeek.get(random.nextInt(lastWeek.size())));
            }
            pages.add(page.append('}').toString());
        }
        List<Query> queries = List.of(
                new Query("hydration: 20 tweets of the last week by id", "SELECT id, author_id, content FROM %s WHERE id = ANY(?::bigint[])", pages),
                new Query("an author's newest 20 (user timeline, celebrity pull)", "SELECT id FROM %s WHERE author_id = ? ORDER BY id DESC LIMIT 20",
                        values(s, "SELECT floor(20000 * power(random(), 3))::bigint FROM generate_series(1, 3000)")));
        return compare(db, s, "tweets.tweets: one table or partitions by month of id (time)",
                String.format(Locale.ROOT, "%,d tweets over %d days.", count, days), "tweets", layouts,
                List.of("(author_id, id DESC)"), queries);
    }

    /** A query with one parameter, and the values it is run with. */
    private record Query(String name, String sql, List<Object> values) {
    }

    private static List<Object> values(Statement s, String sql) throws SQLException {
        List<Object> values = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getLong(1));
            }
        }
        return values;
    }

    /** Each layout loaded from {@code <prefix>_src}, indexed, and each query timed; a markdown section. */
    private static String compare(Connection db, Statement s, String title, String data, String prefix, List<String[]> layouts,
            List<String> indexes, List<Query> queries) throws SQLException {
        System.out.println(title);
        StringBuilder md = new StringBuilder("\n## ").append(title).append("\n\n").append(data).append(" Latency of each query,"
                + " prepared as the services' JDBC client prepares it, over 2,500 values after 500 to warm up.\n\n| layout | load ms | on disk |");
        for (Query q : queries) {
            md.append(' ').append(q.name()).append(", p50 / p99 µs |");
        }
        md.append("\n|---|---|---|").append("---|".repeat(queries.size())).append('\n');
        for (int l = 0; l < layouts.size(); l++) {
            String[] layout = layouts.get(l);
            String table = SCHEMA + "." + prefix + "_" + l;
            s.execute(String.format(layout[1], table));
            if (layout[2].startsWith("range:")) {
                String[] bounds = layout[2].substring(6).split(",");
                for (int i = 0; i + 1 < bounds.length; i++) {
                    s.execute("CREATE TABLE " + table + "_p" + i + " PARTITION OF " + table + " FOR VALUES FROM (" + bounds[i] + ") TO ("
                            + bounds[i + 1] + ")");
                }
            } else if (!layout[2].isEmpty()) {
                int modulus = Integer.parseInt(layout[2]);
                for (int i = 0; i < modulus; i++) {
                    s.execute("CREATE TABLE " + table + "_p" + i + " PARTITION OF " + table + " FOR VALUES WITH (MODULUS " + modulus
                            + ", REMAINDER " + i + ")");
                }
            }
            for (String index : indexes) {
                s.execute("CREATE INDEX ON " + table + " " + index);
            }
            long t0 = System.nanoTime();
            s.execute("INSERT INTO " + table + " SELECT * FROM " + SCHEMA + "." + prefix + "_src");
            double loadMs = (System.nanoTime() - t0) / 1e6;
            s.execute("VACUUM ANALYZE " + table);
            long bytes = Long.parseLong(single(s, "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '" + SCHEMA + "' AND c.relkind = 'r'"
                    + " AND (c.relname = '" + prefix + "_" + l + "' OR c.relname LIKE '" + prefix + "\\_" + l + "\\_p%')"));
            md.append("| ").append(layout[0]).append(String.format(Locale.ROOT, " | %.0f | %s |", loadMs, size(bytes)));
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %s: load %.0f ms, %s", layout[0], loadMs, size(bytes)));
            for (Query q : queries) {
                Histogram h = timed(db, String.format(q.sql(), table), q.values());
                md.append(String.format(Locale.ROOT, " %d / %d |", h.getValueAtPercentile(50), h.getValueAtPercentile(99)));
                line.append(String.format(Locale.ROOT, "; %s p50 %d us, p99 %d us", q.name(), h.getValueAtPercentile(50),
                        h.getValueAtPercentile(99)));
            }
            md.append('\n');
            System.out.println(line);
        }
        return md.toString();
    }

    /** A prepared query run once per value (a bigint, or an array literal for {@code ?::bigint[]}); in µs, past the first 500. */
    private static Histogram timed(Connection db, String sql, List<Object> values) throws SQLException {
        Histogram h = new Histogram(3);
        try (PreparedStatement q = db.prepareStatement(sql)) {
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i) instanceof Long id) {
                    q.setLong(1, id);
                } else {
                    q.setString(1, (String) values.get(i));
                }
                long r0 = System.nanoTime();
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        rs.getLong(1);
                    }
                }
                if (i >= 500) {
                    h.recordValue((System.nanoTime() - r0) / 1000);
                }
            }
        }
        return h;
    }

    /** The rows every layout gets: day 0 is the oldest, the last day runs up to now. */
    private static void source(Statement s, int perDay, int days, long today) throws SQLException {
        int tweetsPerDay = perDay / 2;
        long first = today - (days - 1) * 86_400_000L;
        long todaySoFar = Math.max(1, System.currentTimeMillis() - today);
        // a tweet's time, then its Snowflake id (milliseconds since the epoch, shifted, plus a sequence)
        s.execute("CREATE TABLE " + SCHEMA + ".src AS SELECT 'tag' || ((t.g * 7 + h) % 5000) AS hashtag,"
                + " ((t.ms - " + Snowflake.EPOCH + ") << " + (Snowflake.WORKER_BITS + Snowflake.SEQUENCE_BITS) + ") + (t.g % 4096) AS tweet_id,"
                + " t.g % 100000 AS author_id, 'us'::varchar AS location_key, to_timestamp(t.ms / 1000.0) AS occurred_at"
                + " FROM (SELECT g, " + first + " + (g / " + tweetsPerDay + ") * 86400000"
                + " + ((g % " + tweetsPerDay + ") * (CASE WHEN g / " + tweetsPerDay + " = " + (days - 1) + " THEN " + todaySoFar
                + " ELSE 86400000 END)) / " + tweetsPerDay + " AS ms FROM generate_series(0::bigint, " + ((long) tweetsPerDay * days - 1) + ") g) t,"
                + " generate_series(0, 1) h");
        s.execute("ANALYZE " + SCHEMA + ".src");
    }

    private static Figures measure(Connection db, Statement s, Layout layout, int days, long today) throws SQLException {
        String columns = "hashtag VARCHAR(100) NOT NULL, tweet_id BIGINT NOT NULL, author_id BIGINT NOT NULL, "
                + "location_key VARCHAR(30), occurred_at TIMESTAMPTZ NOT NULL";
        String table = layout.table();
        switch (layout.key()) {
            case NONE -> s.execute("CREATE TABLE " + table + " (" + columns + ", PRIMARY KEY (hashtag, tweet_id))");
            // a partitioned table's unique key must hold its partition key
            case OCCURRED_AT -> s.execute("CREATE TABLE " + table + " (" + columns + ", PRIMARY KEY (hashtag, tweet_id, occurred_at))"
                    + " PARTITION BY RANGE (occurred_at)");
            case TWEET_ID -> s.execute("CREATE TABLE " + table + " (" + columns + ", PRIMARY KEY (hashtag, tweet_id))"
                    + " PARTITION BY RANGE (tweet_id)");
        }
        if (layout.key() != Key.NONE) {
            for (int d = 0; d < days; d++) {
                long from = today - (days - 1 - d) * 86_400_000L;
                long to = from + 86_400_000L;
                String bounds = layout.key() == Key.OCCURRED_AT
                        ? "FROM (to_timestamp(" + from / 1000 + ")) TO (to_timestamp(" + to / 1000 + "))"
                        : "FROM (" + Snowflake.firstIdAt(java.time.Instant.ofEpochMilli(from)) + ") TO ("
                                + Snowflake.firstIdAt(java.time.Instant.ofEpochMilli(to)) + ")";
                s.execute("CREATE TABLE " + table + "_d" + d + " PARTITION OF " + table + " FOR VALUES " + bounds);
            }
        }
        String name = table.substring(SCHEMA.length() + 1);
        s.execute("CREATE INDEX " + name + "_recent ON " + table + " (occurred_at, hashtag)");
        s.execute("CREATE INDEX " + name + "_tweet ON " + table + " (tweet_id)");
        long t0 = System.nanoTime();
        s.execute("INSERT INTO " + table + " SELECT * FROM " + SCHEMA + ".src");
        double loadMs = (System.nanoTime() - t0) / 1e6;
        s.execute("VACUUM ANALYZE " + table);

        long bytesBefore = bytes(s, name);
        long cutoff = today - (days - 2) * 86_400_000L; // the oldest day ends here
        // the purge runs long after the rows were written: checkpoints in between, so its first change of a page logs the page
        s.execute("CHECKPOINT");
        String lsn = single(s, "SELECT pg_current_wal_lsn()");
        t0 = System.nanoTime();
        long purged = 0;
        if (layout.key() == Key.NONE) {
            while (true) {
                int deleted = s.executeUpdate("DELETE FROM " + table + " WHERE ctid IN (SELECT ctid FROM " + table
                        + " WHERE occurred_at < to_timestamp(" + cutoff / 1000 + ") LIMIT 5000)");
                purged += deleted;
                if (deleted < 5000) {
                    break;
                }
            }
        } else {
            purged = Long.parseLong(single(s, "SELECT count(*) FROM " + table + "_d0"));
            t0 = System.nanoTime();
            s.execute("DROP TABLE " + table + "_d0");
        }
        double purgeMs = (System.nanoTime() - t0) / 1e6;
        long wal = Long.parseLong(single(s, "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '" + lsn + "')::bigint"));
        long bytesAfter = bytes(s, name);

        // the rebuild's read: the newest day by occurred_at, as the service asks it (a median of 9 runs)
        String recent = "occurred_at >= to_timestamp(" + today / 1000 + ")";
        double[] runs = new double[9];
        for (int i = 0; i < runs.length; i++) {
            long r0 = System.nanoTime();
            single(s, "SELECT count(*) FROM " + table + " WHERE " + recent);
            runs[i] = (System.nanoTime() - r0) / 1e6;
        }
        java.util.Arrays.sort(runs);

        // the per-event read: a tweet's activity by its id, prepared as the service's JDBC client prepares it
        List<Long> ids = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT tweet_id FROM " + SCHEMA + ".src WHERE occurred_at >= to_timestamp(" + cutoff / 1000
                + ") ORDER BY md5(tweet_id::text) LIMIT 3000")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        Histogram generic = lookups(db, table, ids);
        // the same with a plan made for each value (plan_cache_mode): pruned while planning, not at run time
        s.execute("SET plan_cache_mode = force_custom_plan");
        Histogram custom = lookups(db, table, ids);
        s.execute("RESET plan_cache_mode");
        return new Figures(loadMs, purged, purgeMs, wal, bytesBefore, bytesAfter, runs[runs.length / 2],
                generic.getValueAtPercentile(50), generic.getValueAtPercentile(99), custom.getValueAtPercentile(50),
                custom.getValueAtPercentile(99));
    }

    /** Lookups of a tweet's activity by id, prepared as the service's JDBC client prepares them; in µs. */
    private static Histogram lookups(Connection db, String table, List<Long> ids) throws SQLException {
        Histogram lookups = new Histogram(3);
        try (PreparedStatement lookup = db.prepareStatement("SELECT hashtag, author_id, location_key, occurred_at FROM " + table
                + " WHERE tweet_id = ? ORDER BY hashtag")) {
            for (int i = 0; i < ids.size(); i++) {
                lookup.setLong(1, ids.get(i));
                long r0 = System.nanoTime();
                try (ResultSet rs = lookup.executeQuery()) {
                    while (rs.next()) {
                        rs.getString(1);
                    }
                }
                if (i >= 500) { // the first ones warm the statement (pgjdbc prepares it on the server from the 5th)
                    lookups.recordValue((System.nanoTime() - r0) / 1000);
                }
            }
        }
        return lookups;
    }

    private static long bytes(Statement s, String name) throws SQLException {
        return Long.parseLong(single(s, "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '" + SCHEMA + "' AND c.relkind = 'r'"
                + " AND (c.relname = '" + name + "' OR c.relname LIKE '" + name + "\\_d%')"));
    }

    private static String single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String size(long bytes) {
        return bytes >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0) : String.format(Locale.ROOT, "%.1f kB", bytes / 1024.0);
    }

    private static void write(int perDay, int days, String version, List<Layout> layouts, List<Figures> figures, String more)
            throws Exception {
        StringBuilder md = new StringBuilder();
        md.append("# Partitioning, measured ").append(LocalDate.now()).append("\n\n");
        md.append("## trends.hashtag_activity: one table or partitions by day\n\n");
        md.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
                .append(", PostgreSQL ").append(version).append(" (devstack). ")
                .append(String.format(Locale.ROOT, "%,d rows: %d days of %,d, two hashtags a tweet; ", (long) perDay * days, days, perDay))
                .append("the oldest day purged, as the retention does. `scripts/bench.sh partitions` (`PartitionBench`).\n\n");
        md.append("| layout | load ms | rows purged | purge ms | WAL written | on disk before | after | newest-day scan ms | lookup by tweet id p50 / p99 µs | the same, a plan per value |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < layouts.size(); i++) {
            Figures f = figures.get(i);
            md.append(String.format(Locale.ROOT, "| %s | %.0f | %,d | %.0f | %s | %s | %s | %.1f | %.0f / %.0f | %.0f / %.0f |%n",
                    layouts.get(i).name(), f.loadMs(), f.purgedRows(), f.purgeMs(), size(f.walBytes()), size(f.bytesBefore()),
                    size(f.bytesAfter()), f.scanMs(), f.lookupP50Us(), f.lookupP99Us(), f.customP50Us(), f.customP99Us()));
        }
        md.append("\nA CHECKPOINT runs before each purge, as hours of checkpoints would before the real one. The batched DELETE leaves its space to VACUUM;"
                + " a dropped partition returns it at once.\n");
        Figures plain = figures.get(0);
        Figures byId = figures.get(2);
        double savedUs = (plain.purgeMs() - byId.purgeMs()) * 1000 / Math.max(1, plain.purgedRows());
        double addedUs = byId.lookupP50Us() - plain.lookupP50Us();
        md.append(String.format(Locale.ROOT, "%nPer purged row, dropping its day instead of deleting it saves %.1f µs and %.0f bytes of WAL;"
                        + " by tweet id, every lookup of a tweet's activity (each tweet.created reads it back, each tweet.deleted deletes by it)"
                        + " costs %.0f µs more at the median.%n", savedUs, (double) (plain.walBytes() - byId.walBytes()) / Math.max(1, plain.purgedRows()),
                addedUs));
        md.append(more);
        Path file = Path.of("bench", "results", "partitions-" + LocalDate.now() + ".md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, md.toString());
        System.out.println("written: " + file);
    }
}
