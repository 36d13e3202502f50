package dev.twitterlike.devstack;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.Deflater;

/**
 * Backup and restore of the whole PostgreSQL cluster, every service's schema at one point in
 * time (docs/operations.md, "Backup and restore"; {@code scripts/backup.sh}, {@code scripts/restore.sh}).
 *
 * <p>The backup is PostgreSQL's own physical base backup, made with the server's low-level API
 * ({@code pg_backup_start} / {@code pg_backup_stop}, the way {@code pg_basebackup} makes one) by
 * the same major version that reads it: the data directory as it is during the backup, the WAL
 * from the backup's start to its end, and the {@code backup_label} the server hands back, in one
 * {@code .tar.gz}. A logical {@code pg_dump} would need a PostgreSQL 17 {@code pg_dump}, and
 * there is none to be had here: zonky's binaries bring only {@code initdb}, {@code pg_ctl} and
 * {@code postgres}, and Debian 12's client is version 15, which refuses a newer server. The
 * archive is restored by starting the same zonky binaries on it: the server replays the WAL up
 * to the end of the backup and is consistent from there.
 *
 * <pre>
 * devstack backup --url JDBC_URL --secrets DIR --dir DIR [--keep 7]   a new backup, then only the newest KEEP kept
 * devstack backup verify --url JDBC_URL --secrets DIR FILE             restore into a scratch server, compare row counts
 * devstack backup extract FILE DIR                                     unpack into an empty data directory
 * </pre>
 */
public final class Backups {

    /** Backups are named by time: {@code twitter-20261201T193012Z.tar.gz}; sorting by name sorts by age. */
    static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    static final String PREFIX = "twitter-";
    static final String SUFFIX = ".tar.gz";

    /** Top-level files a base backup leaves out (the server's own lock and options, zonky's lock, an old label). */
    private static final Set<String> SKIPPED_FILES = Set.of("postmaster.pid", "postmaster.opts", "epg-lock",
            "backup_label", "backup_label.old", "tablespace_map", "tablespace_map.old", "current_logfiles");
    /** Directories whose contents the server makes anew at start (the directories themselves are kept). */
    private static final Set<String> EMPTIED_DIRECTORIES = Set.of("pg_wal", "pg_replslot", "pg_dynshmem", "pg_notify",
            "pg_serial", "pg_snapshots", "pg_stat_tmp", "pg_subtrans");
    private static final String WAL_SEGMENT = "[0-9A-F]{24}";

    private Backups() {
    }

    /** What {@link #backup} made. */
    public record Made(Path file, long bytes, long dataBytes, int walSegments, String startLsn, String stopLsn,
            long millis, List<Path> removed) {
    }

    /** One table's rows in the source and in the restored copy. */
    public record Count(String table, long source, long restored) {
        public boolean equal() {
            return source == restored;
        }
    }

    /**
     * A base backup of the cluster {@code admin} (a superuser) is connected to, into {@code dir},
     * then removes all but the newest {@code keep} backups there. The server's data directory must
     * be readable here (devstack's PostgreSQL is on this machine; a container's is not).
     */
    public static Made backup(Connection admin, Path dir, int keep) throws SQLException, IOException {
        if (keep < 1) {
            throw new IllegalArgumentException("keep at least 1 backup, not " + keep);
        }
        long t0 = System.nanoTime();
        Path data = Path.of(single(admin, "SHOW data_directory"));
        if (!Files.isReadable(data.resolve("PG_VERSION"))) {
            throw new IllegalStateException("the server's data directory " + data + " is not readable on this machine;"
                    + " a physical backup reads it (devstack's PostgreSQL, scripts/run.sh without --compose)");
        }
        Files.createDirectories(dir);
        Path file = dir.resolve(PREFIX + NAME_TIME.format(Instant.now()) + SUFFIX);
        Path partial = dir.resolve(file.getFileName() + ".partial");
        if (Files.exists(file) || Files.exists(partial)) {
            throw new IllegalStateException(file + " exists: one backup a second at most");
        }
        admin.setAutoCommit(true);
        String slot = "backup_" + single(admin, "SELECT pg_backend_pid()");
        long dataBytes;
        String startLsn;
        String stopLsn;
        int segments;
        try (OutputStream out = gzip(partial); TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            // a temporary slot keeps the server from recycling the WAL the backup needs; it goes with this session
            single(admin, "SELECT slot_name FROM pg_create_physical_replication_slot('" + slot + "', true, true)");
            startLsn = single(admin, "SELECT pg_backup_start('" + file.getFileName() + "', true)::text");
            String startWal = single(admin, "SELECT pg_walfile_name('" + startLsn + "')");
            dataBytes = addDataDirectory(tar, data);
            String[] stop;
            try (Statement s = admin.createStatement();
                    ResultSet rs = s.executeQuery("SELECT lsn::text, labelfile, spcmapfile FROM pg_backup_stop(false)")) {
                rs.next();
                stop = new String[] {rs.getString(1), rs.getString(2), rs.getString(3)};
            }
            stopLsn = stop[0];
            String stopWal = single(admin, "SELECT pg_walfile_name('" + stopLsn + "')");
            // pg_backup_stop switched to a new segment: the ones from start to stop are complete on disk
            segments = addWal(tar, data.resolve("pg_wal"), startWal, stopWal);
            addBytes(tar, "backup_label", stop[1].getBytes(StandardCharsets.UTF_8));
            if (stop[2] != null && !stop[2].isEmpty()) {
                addBytes(tar, "tablespace_map", stop[2].getBytes(StandardCharsets.UTF_8));
            }
        } catch (SQLException | IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        } finally {
            try (Statement s = admin.createStatement()) {
                s.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '" + slot + "'");
            }
        }
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        List<Path> removed = prune(dir, keep);
        return new Made(file, Files.size(file), dataBytes, segments, startLsn, stopLsn,
                (System.nanoTime() - t0) / 1_000_000, removed);
    }

    /** The backups in {@code dir}, oldest first. */
    public static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith(PREFIX) && name.endsWith(SUFFIX);
            }).sorted().toList();
        }
    }

    private static List<Path> prune(Path dir, int keep) throws IOException {
        List<Path> all = list(dir);
        List<Path> removed = new ArrayList<>(all.subList(0, Math.max(0, all.size() - keep)));
        for (Path old : removed) {
            Files.deleteIfExists(old);
        }
        return removed;
    }

    /**
     * Unpacks a backup into {@code into} (missing or empty), ready for the zonky binaries to
     * start on: they replay its WAL to the end of the backup. Its {@code pg_hba.conf} becomes
     * {@code trust} on loopback, as after initdb: the cluster keeps the source's passwords, and
     * devstack's start ({@link PostgresNode#start}) sets this installation's and writes
     * scram-sha-256 again before anything else connects.
     */
    public static void extract(Path file, Path into) throws IOException {
        if (Files.isDirectory(into)) {
            try (Stream<Path> inside = Files.list(into)) {
                if (inside.findAny().isPresent()) {
                    throw new IllegalArgumentException(into + " is not empty; a backup is unpacked into an empty directory");
                }
            }
        }
        Files.createDirectories(into);
        Files.setPosixFilePermissions(into, PosixFilePermissions.fromString("rwx------"));
        Path root = into.toAbsolutePath().normalize();
        try (InputStream in = new GzipCompressorInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
                TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IllegalStateException("refusing an entry outside the data directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
                }
            }
        }
        if (!Files.exists(root.resolve("backup_label")) || !Files.exists(root.resolve("PG_VERSION"))) {
            throw new IllegalStateException(file + " is not a backup made by scripts/backup.sh (no backup_label or PG_VERSION)");
        }
        String major = Files.readString(root.resolve("PG_VERSION")).strip();
        if (!major.equals(String.valueOf(PostgresNode.MAJOR_VERSION))) {
            throw new IllegalStateException(file + " holds a PostgreSQL " + major + " cluster; devstack's binaries are "
                    + PostgresNode.MAJOR_VERSION + " (a physical backup is read by its own major version only)");
        }
        Files.writeString(root.resolve("pg_hba.conf"), """
                # written by devstack's restore: trust on loopback until devstack's start sets this
                # installation's passwords and writes scram-sha-256 (PostgresNode.provision)
                host all all 127.0.0.1/32 trust
                host all all ::1/128      trust
                """);
    }

    /** Row counts of every table of the twitter database (not the system schemas), by schema-qualified name. */
    public static Map<String, Long> rowCounts(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c
                  JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
                   AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
                 ORDER BY 1""")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : tables) {
            counts.put(table, Long.parseLong(single(c, "SELECT count(*) FROM " + table)));
        }
        return counts;
    }

    /** Each table of either side, with its count on both (-1 where it is missing). */
    public static List<Count> compare(Map<String, Long> source, Map<String, Long> restored) {
        var names = new java.util.TreeSet<>(source.keySet());
        names.addAll(restored.keySet());
        return names.stream().map(t -> new Count(t, source.getOrDefault(t, -1L), restored.getOrDefault(t, -1L))).toList();
    }

    private static long addDataDirectory(TarArchiveOutputStream tar, Path data) throws IOException {
        long[] bytes = {0};
        Files.walkFileTree(data, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(data)) {
                    TarArchiveEntry entry = new TarArchiveEntry(name(data, dir) + "/");
                    entry.setMode(0700);
                    tar.putArchiveEntry(entry);
                    tar.closeArchiveEntry();
                }
                if (data.equals(dir.getParent()) && EMPTIED_DIRECTORIES.contains(dir.getFileName().toString())) {
                    if (dir.getFileName().toString().equals("pg_wal")) {
                        for (String sub : List.of("pg_wal/archive_status/", "pg_wal/summaries/")) {
                            TarArchiveEntry entry = new TarArchiveEntry(sub);
                            entry.setMode(0700);
                            tar.putArchiveEntry(entry);
                            tar.closeArchiveEntry();
                        }
                    }
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String fileName = file.getFileName().toString();
                boolean topLevel = data.equals(file.getParent());
                if ((topLevel && SKIPPED_FILES.contains(fileName)) || fileName.equals("pg_internal.init")
                        || fileName.startsWith("pgsql_tmp") || !attrs.isRegularFile()) {
                    return FileVisitResult.CONTINUE;
                }
                bytes[0] += addFile(tar, name(data, file), file, attrs.size());
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE; // dropped while the backup ran: its WAL says so
                }
                throw e;
            }
        });
        return bytes[0];
    }

    private static int addWal(TarArchiveOutputStream tar, Path wal, String first, String last) throws IOException {
        List<Path> files;
        try (Stream<Path> all = Files.list(wal)) {
            files = all.filter(p -> {
                String name = p.getFileName().toString();
                return (name.matches(WAL_SEGMENT) && name.compareTo(first) >= 0 && name.compareTo(last) <= 0)
                        || name.matches("[0-9A-F]{8}\\.history");
            }).sorted().toList();
        }
        int segments = 0;
        for (Path file : files) {
            addFile(tar, "pg_wal/" + file.getFileName(), file, Files.size(file));
            if (file.getFileName().toString().matches(WAL_SEGMENT)) {
                segments++;
            }
        }
        if (segments == 0) {
            throw new IllegalStateException("the backup's WAL (" + first + " to " + last + ") is not in " + wal);
        }
        return segments;
    }

    /**
     * A file as it is now, {@code size} bytes long (its size when the walk saw it): one that grew
     * is cut there, one that shrank is padded with zeros, as pg_basebackup does; the WAL replayed
     * at restore brings every page to the end of the backup (full-page writes are forced on
     * during it). A file removed meanwhile is left out.
     */
    private static long addFile(TarArchiveOutputStream tar, String name, Path file, long size) throws IOException {
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            return 0;
        }
        try (in) {
            TarArchiveEntry entry = new TarArchiveEntry(name);
            entry.setSize(size);
            entry.setMode(0600);
            tar.putArchiveEntry(entry);
            byte[] buffer = new byte[1 << 16];
            long left = size;
            int n;
            while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
                tar.write(buffer, 0, n);
                left -= n;
            }
            java.util.Arrays.fill(buffer, (byte) 0);
            while (left > 0) {
                int chunk = (int) Math.min(buffer.length, left);
                tar.write(buffer, 0, chunk);
                left -= chunk;
            }
            tar.closeArchiveEntry();
        }
        return size;
    }

    private static void addBytes(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        entry.setMode(0600);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private static String name(Path data, Path path) {
        return data.relativize(path).toString().replace('\\', '/');
    }

    private static OutputStream gzip(Path file) throws IOException {
        GzipParameters parameters = new GzipParameters();
        parameters.setCompressionLevel(Deflater.BEST_SPEED);
        return new GzipCompressorOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), parameters);
    }

    private static String single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(p);
                } catch (DirectoryNotEmptyException e) {
                    throw new IOException("could not delete " + p, e);
                }
            }
        }
    }

    /**
     * Restores {@code file} into a scratch server (a free port, a temporary directory beside the
     * backups) and compares every table's row count with the source's; prints the table.
     * Returns whether all are equal. The source is the live database: rows written since the
     * backup show as differences.
     */
    static boolean verify(String url, Path secrets, Path file) throws IOException, SQLException {
        Path scratch = Files.createTempDirectory(file.toAbsolutePath().getParent(), "verify-");
        try {
            long t0 = System.nanoTime();
            extract(file, scratch.resolve("data"));
            String admin = DevStackMain.secret(secrets, "db-admin");
            try (PostgresNode node = PostgresNode.start(0, scratch.resolve("data"), false, admin, DevStackMain.servicePasswords(secrets))) {
                long restoredMillis = (System.nanoTime() - t0) / 1_000_000;
                Map<String, Long> restored;
                try (Connection c = node.admin()) {
                    restored = rowCounts(c);
                }
                Map<String, Long> source;
                try (Connection c = DriverManager.getConnection(url, PostgresNode.USER, admin)) {
                    source = rowCounts(c);
                }
                List<Count> counts = compare(source, restored);
                System.out.printf("restored %s into a scratch server (port %d) in %.1f s; row counts, source against restored:%n",
                        file.getFileName(), node.port(), restoredMillis / 1000.0);
                System.out.printf("  %-40s %10s %10s%n", "table", "source", "restored");
                for (Count c : counts) {
                    System.out.printf("  %-40s %10s %10s%s%n", c.table(), c.source() < 0 ? "-" : c.source(),
                            c.restored() < 0 ? "-" : c.restored(), c.equal() ? "" : "   DIFFERENT");
                }
                long different = counts.stream().filter(c -> !c.equal()).count();
                if (counts.isEmpty()) {
                    System.out.println("verify: no table in either database, nothing was compared");
                    return false;
                }
                if (different == 0) {
                    System.out.printf("verify: %d tables, every row count equal%n", counts.size());
                } else {
                    System.out.printf("verify: %d of %d tables differ (rows written since the backup count as differences)%n",
                            different, counts.size());
                }
                return different == 0;
            }
        } finally {
            deleteTree(scratch);
        }
    }

    /** See the class comment for the commands. Exit status: 0 done, 1 counts differ, 2 refused, 64 bad usage. */
    public static void main(String[] args) {
        String url = null;
        Path secrets = null;
        Path dir = null;
        int keep = 7;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> url = args[++i];
                case "--secrets" -> secrets = Path.of(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                case "--keep" -> keep = Integer.parseInt(args[++i]);
                default -> rest.add(args[i]);
            }
        }
        try {
            String command = rest.isEmpty() ? "backup" : rest.get(0);
            switch (command) {
                case "backup" -> {
                    if (url == null || secrets == null || dir == null) {
                        usage();
                    }
                    try (Connection admin = DriverManager.getConnection(url, PostgresNode.USER, DevStackMain.secret(secrets, "db-admin"))) {
                        Made made = backup(admin, dir, keep);
                        System.out.printf("backup: %s, %s (data directory %s, %d WAL segment%s, %s to %s) in %.1f s%n",
                                made.file(), size(made.bytes()), size(made.dataBytes()), made.walSegments(),
                                made.walSegments() == 1 ? "" : "s", made.startLsn(), made.stopLsn(), made.millis() / 1000.0);
                        List<Path> kept = list(dir);
                        System.out.printf("backup: keeping the newest %d of %s (%d now)%s%n", keep, dir, kept.size(),
                                made.removed().isEmpty() ? "" : "; removed " + made.removed().stream()
                                        .map(p -> p.getFileName().toString()).toList());
                    }
                }
                case "verify" -> {
                    if (url == null || secrets == null || rest.size() != 2) {
                        usage();
                    }
                    System.exit(verify(url, secrets, Path.of(rest.get(1))) ? 0 : 1);
                }
                case "extract" -> {
                    if (rest.size() != 3) {
                        usage();
                    }
                    long t0 = System.nanoTime();
                    extract(Path.of(rest.get(1)), Path.of(rest.get(2)));
                    System.out.printf("restore: unpacked %s into %s in %.1f s%n", Path.of(rest.get(1)).getFileName(), rest.get(2),
                            (System.nanoTime() - t0) / 1e9);
                }
                default -> usage();
            }
        } catch (IllegalArgumentException | IllegalStateException | IOException | UncheckedIOException e) {
            System.err.println("backup: " + e.getMessage());
            System.exit(2);
        } catch (SQLException e) {
            System.err.println("backup: PostgreSQL refused (" + e.getSQLState() + "): " + e.getMessage());
            System.exit(2);
        }
    }

    private static String size(long bytes) {
        return bytes >= 1 << 20 ? String.format("%.1f MB", bytes / 1048576.0) : String.format("%.1f kB", bytes / 1024.0);
    }

    private static void usage() {
        System.err.println("""
                usage: devstack backup --url JDBC_URL --secrets DIR --dir DIR [--keep 7]
                       devstack backup verify --url JDBC_URL --secrets DIR FILE
                       devstack backup extract FILE DATA_DIR""");
        System.exit(64);
    }
}
