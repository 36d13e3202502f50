package dev.twitterlike.bench.chaos;

import io.netty.handler.codec.http.HttpMethod;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The fault-injection run ({@code scripts/chaos.sh}) against a suite started with
 * {@code run.sh --replicas 2}: a mixed load through the gateway as real clients make it, each
 * part killed in turn with SIGKILL and started again, a table row per fault, then an audit
 * through the public API of everything the system acknowledged. Exit status: 1 when the audit
 * fails (lost or duplicated writes, wrong counts, any 500), 3 when only a threshold fails and
 * CHAOS_STRICT=on, else 0.
 */
public final class ChaosMain {

    private static final int AUTHORS = 4;
    private static final int LIKERS = 3;
    private static final int READERS = 6;
    /** Kafka down: posts accepted meanwhile must reach the followers' home timelines this soon after it is back. */
    private static final double KAFKA_DELIVERY_LIMIT_SECONDS = 30;
    private static final double FIRST_TRY_PERCENT = 99.0;
    private static final double VALKEY_P99_LIMIT_MS = 500;
    private static final int READY_LIMIT_SECONDS = 240;
    /**
     * One Kafka node of three killed (cluster mode): producing with acks=all stalls no longer than the
     * services' delivery.timeout.ms (10 s), so no send of theirs fails for it.
     */
    private static final double BROKER_FAILOVER_LIMIT_SECONDS = 10;

    private final ChaosConfig config;
    private final Http http = new Http();
    private final Metrics metrics = new Metrics();
    private final Ledger ledger = new Ledger();
    private final Report report = new Report();
    private final Suite suite;
    private final String run;
    private final String hashtag;
    private final List<Report.Row> rows = new ArrayList<>();
    private final List<String> thresholdFailures = new ArrayList<>();
    /** Parts whose restart failed or that were not ready in time: the run fails with them. */
    private final List<String> notBack = new ArrayList<>();
    /** What the instances' /ready said while a server was down (how the gateway's load balancer saw them). */
    private final List<String> outageProbes = new ArrayList<>();
    private double kafkaDeliverySeconds = Double.NaN;
    private int kafkaDeliveryPosts;
    /** Cluster mode: a client of Kafka's own (KafkaProbe), and what it saw while a node was down. */
    private KafkaProbe kafkaProbe;
    private KafkaProbe.Figures brokerFigures;
    private double brokerDeliverySeconds = Double.NaN;
    private int brokerDeliveryPosts;

    private ChaosMain(ChaosConfig config) {
        this.config = config;
        this.suite = new Suite(config, http);
        // lower-case letters and digits: a valid username part and a hashtag that stays as it is
        this.run = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36, 36L * 36 * 36 * 36 * 36 * 36), 36);
        this.hashtag = "chaos" + run;
    }

    public static void main(String[] args) throws Exception {
        int status = new ChaosMain(ChaosConfig.from(args, System.getenv())).run();
        System.exit(status);
    }

    private int run() throws Exception {
        long started = System.nanoTime();
        List<User> authors = users("a", AUTHORS);
        List<User> likers = users("l", LIKERS);
        List<User> readers = users("r", READERS);
        Report.progress("chaos run " + run + ": registering " + (AUTHORS + LIKERS + READERS) + " users through " + config.gateway());
        for (User user : concat(authors, likers, readers)) {
            user.register();
        }
        for (User reader : readers) {
            for (User author : authors) {
                follow(reader, author);
            }
            reader.get("/api/timeline/home?limit=20");
        }

        Workload workload = new Workload(config, metrics, ledger, authors, likers, readers, run, hashtag);
        workload.start();
        if (config.kafkaCluster()) {
            kafkaProbe = new KafkaProbe(config.kafkaBootstrap(), run);
            kafkaProbe.start();
        }
        metrics.begin("baseline (nothing killed)");
        Report.progress("load running; baseline for " + config.baseline() + " s");
        Thread.sleep(TimeUnit.SECONDS.toMillis(config.baseline()));
        Report.progress(Report.TABLE_HEADER);
        Window baseline = metrics.begin("between faults");
        rows.add(new Report.Row(baseline.name, null, null, 0, 0, baseline.close()));
        Report.progress(Report.format(rows.get(rows.size() - 1)));

        List<Fault> faults = (config.shortRun() ? Fault.quick(config) : Fault.full(config)).stream()
                .filter(fault -> config.only().isEmpty() || config.only().contains(fault.part())).toList();
        for (Fault fault : faults) {
            rows.add(inject(fault, readers));
            Report.progress(Report.format(rows.get(rows.size() - 1)));
        }

        Report.progress("stopping the load (writes in flight are retried until acknowledged)");
        workload.stop();
        metrics.begin("after the load");
        Report.progress("auditing through the public API (converging for up to 60 s)");
        long auditStart = System.nanoTime();
        List<Audit.Check> checks = new ArrayList<>(new Audit(ledger, authors, readers, run, hashtag)
                .run(System.nanoTime() + TimeUnit.SECONDS.toNanos(60)));
        double auditSeconds = seconds(auditStart);
        Window.Summary total = metrics.total().close();
        checks.add(Audit.Check.of("no 500 anywhere in the run", "500s: " + total.count500(),
                total.count500() == 0 ? List.of() : List.of(total.count500() + " responses with status 500 (see the 5xx column)")));
        checks.add(Audit.Check.of("every killed part started again and ready", notBack.size() + " not back", notBack));
        if (kafkaProbe != null) {
            checks.add(kafkaProbe.audit(System.nanoTime() + TimeUnit.SECONDS.toNanos(30)));
            kafkaProbe.close();
        }
        rows.add(new Report.Row("**whole run**", null, null, 0, 0, total));

        judgeThresholds();
        boolean auditPassed = checks.stream().allMatch(Audit.Check::passed);
        writeReport(checks, total, workload, started, auditSeconds, auditPassed);
        if (!auditPassed) {
            return 1;
        }
        return config.strict() && !thresholdFailures.isEmpty() ? 3 : 0;
    }

    /** Kills one part, keeps it down, starts it again, waits until it serves, lets the load settle: one row. */
    private Report.Row inject(Fault fault, List<User> readers) throws Exception {
        Report.progress(java.time.LocalTime.now().withNano(0) + " kill -9 " + fault.part() + " for " + fault.downSeconds() + " s");
        metrics.begin(fault.part());
        long killedAt = System.nanoTime();
        String killed = suite.kill(fault);
        long upAgainAt = killedAt + TimeUnit.SECONDS.toNanos(fault.downSeconds());
        if (fault.kind().infrastructure()) {
            outageProbes.add(fault.part() + " down: " + suite.probeReadiness(upAgainAt));
        }
        sleepUntil(upAgainAt);
        long restartAt = System.nanoTime();
        double down = (restartAt - killedAt) / 1e9;
        try {
            suite.restart(fault);
        } catch (IllegalStateException failed) {
            notBack.add(failed.getMessage());
        }
        CompletableFuture<Double> delivery = null;
        if (fault.kind() == Fault.Kind.KAFKA || fault.kind() == Fault.Kind.KAFKA_BROKER) {
            // Kafka answers again now: how soon do the posts accepted while it was away reach the followers?
            long back = System.nanoTime();
            List<Ledger.Posted> during = ledger.posted().stream()
                    .filter(t -> t.acknowledgedAtNanos() >= killedAt && t.acknowledgedAtNanos() <= back).toList();
            if (fault.kind() == Fault.Kind.KAFKA) {
                kafkaDeliveryPosts = during.size();
            } else {
                brokerDeliveryPosts = during.size();
            }
            delivery = CompletableFuture.supplyAsync(() -> awaitVisible(during, readers, back));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_LIMIT_SECONDS);
        while (!(fault.kind().infrastructure() ? suite.allReady(Suite.dependency(fault)) : suite.ready(fault.part()))) {
            if (System.nanoTime() > deadline) {
                // the audit still runs; the part that did not come back fails the run
                notBack.add(fault.part() + " was not ready " + READY_LIMIT_SECONDS + " s after its restart");
                break;
            }
            Thread.sleep(250);
        }
        double ready = seconds(restartAt);
        Thread.sleep(TimeUnit.SECONDS.toMillis(config.settle()));
        if (delivery != null) {
            double seconds = delivery.get(3, TimeUnit.MINUTES);
            if (fault.kind() == Fault.Kind.KAFKA) {
                kafkaDeliverySeconds = seconds;
            } else {
                brokerDeliverySeconds = seconds;
            }
        }
        if (fault.kind() == Fault.Kind.KAFKA_BROKER && kafkaProbe != null) {
            brokerFigures = kafkaProbe.figures(killedAt, System.nanoTime());
            Report.progress(fault.part() + " down: " + brokerFigures.describe());
        }
        Window window = metrics.begin("between faults");
        return new Report.Row(fault.part(), fault, killed, down, ready, window.close());
    }

    /**
     * Seconds from {@code since} until every reader's home timeline shows every one of the posts,
     * or NaN if that takes more than 90 s. Each reader's timeline is read from the top down to the
     * oldest post still missing.
     */
    private double awaitVisible(List<Ledger.Posted> posts, List<User> readers, long since) {
        if (posts.isEmpty()) {
            return 0;
        }
        long oldest = posts.stream().mapToLong(Ledger.Posted::sortId).min().orElseThrow();
        List<Set<String>> missing = new ArrayList<>();
        for (int i = 0; i < readers.size(); i++) {
            Set<String> ids = new HashSet<>();
            posts.forEach(t -> ids.add(t.id()));
            missing.add(ids);
        }
        while (System.nanoTime() - since < TimeUnit.SECONDS.toNanos(90)) {
            boolean all = true;
            for (int i = 0; i < readers.size(); i++) {
                Set<String> left = missing.get(i);
                String cursor = null;
                while (!left.isEmpty()) {
                    JsonNode page;
                    try {
                        page = Timelines.page(readers.get(i), "/api/timeline/home", cursor, 100);
                    } catch (RuntimeException unreadable) {
                        break;
                    }
                    long last = Long.MAX_VALUE;
                    for (JsonNode item : page.path("items")) {
                        left.remove(item.path("id").asString());
                        last = Long.parseLong(item.path("id").asString());
                    }
                    JsonNode next = page.path("nextCursor");
                    if (last < oldest || next.isNull() || next.isMissingNode() || page.path("items").isEmpty()) {
                        break;
                    }
                    cursor = next.asString();
                }
                all &= left.isEmpty();
            }
            if (all) {
                return seconds(since);
            }
            User.pause(500);
        }
        return Double.NaN;
    }

    /** Kafka's threshold needs posts accepted during the outage: none accepted is a failure, not a pass. */
    private boolean kafkaDelivered() {
        return kafkaDeliveryPosts > 0 && kafkaDeliverySeconds <= KAFKA_DELIVERY_LIMIT_SECONDS;
    }

    /** One Kafka node down: producing stalled no longer than the limit and the posts accepted meanwhile reached the followers. */
    private boolean brokerFailedOver() {
        return brokerFigures != null && brokerFigures.longestAckSeconds() <= BROKER_FAILOVER_LIMIT_SECONDS && brokerFigures.failed() == 0
                && brokerDeliveryPosts > 0 && brokerDeliverySeconds <= KAFKA_DELIVERY_LIMIT_SECONDS;
    }

    private String brokerFigures() {
        return brokerFigures == null ? "not measured" : String.format("producing stalled %.1f s, %d probe sends failed; %d posts accepted meanwhile in every follower's home timeline %s after it was back",
                brokerFigures.longestAckSeconds(), brokerFigures.failed(), brokerDeliveryPosts,
                Double.isNaN(brokerDeliverySeconds) ? "not within 90 s" : String.format("%.1f s", brokerDeliverySeconds));
    }

    private void judgeThresholds() {
        for (Report.Row row : rows) {
            Fault fault = row.fault();
            if (fault == null) {
                continue;
            }
            Window.Summary f = row.figures();
            if (fault.kind() == Fault.Kind.KAFKA_BROKER && !brokerFailedOver()) {
                thresholdFailures.add(String.format("%s down %.0f s: %s (need <= %.0f s, none failed, <= %.0f s)", fault.part(), row.downSeconds(),
                        brokerFigures(), BROKER_FAILOVER_LIMIT_SECONDS, KAFKA_DELIVERY_LIMIT_SECONDS));
            }
            if (fault.kind() == Fault.Kind.SERVICE || fault.kind() == Fault.Kind.WORKER || fault.kind() == Fault.Kind.KAFKA_BROKER
                    || fault.kind() == Fault.Kind.VALKEY_MASTER) {
                if (f.readSuccessPercent() < FIRST_TRY_PERCENT || f.writeFirstTryPercent() < FIRST_TRY_PERCENT) {
                    thresholdFailures.add(String.format("%s down: %.2f %% of home reads and %.2f %% of writes succeeded on the first try (need %.0f %% each)",
                            fault.part(), f.readSuccessPercent(), f.writeFirstTryPercent(), FIRST_TRY_PERCENT));
                }
            } else if (fault.kind() == Fault.Kind.POSTGRES) {
                if (f.readSuccessPercent() < FIRST_TRY_PERCENT) {
                    thresholdFailures.add(String.format("PostgreSQL down %.0f s: %.2f %% of warm users' home reads succeeded (need %.0f %%)",
                            row.downSeconds(), f.readSuccessPercent(), FIRST_TRY_PERCENT));
                }
            } else if (fault.kind() == Fault.Kind.VALKEY) {
                if (f.readSuccessPercent() < FIRST_TRY_PERCENT || f.readP99Millis() > VALKEY_P99_LIMIT_MS) {
                    thresholdFailures.add(String.format("Valkey down %.0f s: %.2f %% of signed-in home reads succeeded (need %.0f %%), p99 %.1f ms (need <= %.0f ms)",
                            row.downSeconds(), f.readSuccessPercent(), FIRST_TRY_PERCENT, f.readP99Millis(), VALKEY_P99_LIMIT_MS));
                }
            } else if (fault.kind() == Fault.Kind.KAFKA) {
                if (!kafkaDelivered()) {
                    thresholdFailures.add(String.format("Kafka down %.0f s: the %d posts accepted meanwhile reached every follower's home timeline %s after it was back (need <= %.0f s)",
                            row.downSeconds(), kafkaDeliveryPosts, Double.isNaN(kafkaDeliverySeconds) ? "not within 90 s" : String.format("%.1f s", kafkaDeliverySeconds),
                            KAFKA_DELIVERY_LIMIT_SECONDS));
                }
            }
        }
    }

    private void writeReport(List<Audit.Check> checks, Window.Summary total, Workload workload, long started,
            double auditSeconds, boolean auditPassed) throws Exception {
        report.line("# Fault-injection run " + LocalDateTime.now().withNano(0) + (config.shortRun() ? " (short)" : ""));
        report.line("");
        report.line("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + ", Java " + System.getProperty("java.version")
                + "; the suite (13 JVMs, PostgreSQL, Valkey, Kafka) and this harness share it.");
        report.line("Mode: `run.sh --replicas 2` (two instances of every service, two fanout workers, one gateway), "
                + "rate limits off, " + (config.shortRun() ? "short: one instance of each kind killed" : "full: every part killed in turn")
                + (config.kafkaCluster() ? "; cluster mode (CLUSTER=on): Kafka is three KRaft nodes (each a broker and a controller), topics with 3 copies and min.insync.replicas 2" : "")
                + "; run id `" + run + "`, hashtag `#" + hashtag + "`.");
        report.line("Service JVM options: `" + System.getenv().getOrDefault("SERVICE_JAVA_OPTS", "run.sh's default") + "`.");
        report.line(String.format("Load: %d authors posting about every %d ms with an Idempotency-Key (every third tweet mentions a reader), "
                        + "%d likers liking/unliking recent tweets every %d ms, %d readers reading their home timeline every %d ms; "
                        + "writes retried with the same request until acknowledged, sign-in again on 401.",
                AUTHORS, config.postIntervalMs(), LIKERS, config.likeIntervalMs(), READERS, config.readIntervalMs()));
        report.line(String.format("Each part is killed with SIGKILL, kept down (services %d s, PostgreSQL %d s, Valkey and Kafka %d s"
                        + (config.kafkaCluster() ? ", one Kafka node " + config.brokerDown() + " s" : "") + "), started again "
                        + "(`run.sh start-instance`, `stack.sh up`), and the load settles %d s after it is ready. "
                        + "A row covers the kill to the end of that settling.",
                config.serviceDown(), config.postgresDown(), config.infraDown(), config.settle()));
        long startupAt = Long.parseLong(System.getenv().getOrDefault("CHAOS_STARTED_AT", "0"));
        double wall = startupAt > 0 ? System.currentTimeMillis() / 1000.0 - startupAt : seconds(started);
        report.line(String.format("Duration: %.0f s in all%s (the audit %.0f s); %d tweets, %d home reads.",
                wall, startupAt > 0 ? " including the suite's start-up" : "", auditSeconds, ledger.posted().size(), workload.reads()));
        report.line("");
        report.line("## Per fault");
        report.line("");
        report.line("Reads are signed-in `GET /api/timeline/home`, each a single try (failed = not 200); a write is a post, like or "
                + "unlike, counted by whether its first attempt was acknowledged. p99 from HdrHistogram, per request. "
                + "Restart to ready: from the restart command to the part's `/ready` 200 (for PostgreSQL, Valkey and Kafka: every "
                + "instance's `/ready` 200 without naming it degraded). No answer: connection refused or reset, or the 15 s time limit.");
        report.line("");
        report.table(rows);
        report.line("");
        if (rows.stream().anyMatch(row -> row.fault() != null && row.fault().kind() == Fault.Kind.KAFKA)) {
            report.line(kafkaDeliveryPosts == 0 ? "Kafka down: no post was accepted while it was away, so delivery after it came back could not be measured."
                    : String.format("Kafka down: %d posts were accepted while it was away; they reached every follower's home timeline %s after it was back.",
                    kafkaDeliveryPosts, Double.isNaN(kafkaDeliverySeconds) ? "NOT within 90 s" : String.format("%.1f s", kafkaDeliverySeconds)));
            report.line("");
        }
        if (brokerFigures != null) {
            report.line("One Kafka node down (a client of Kafka's own beside the load: a record every 100 ms, acks=all, idempotent, "
                    + "the services' timeouts; its consumer group as theirs; the services' groups' lag every 2 s): " + brokerFigures.describe()
                    + String.format("; the %d posts accepted while it was down reached every follower's home timeline %s after it was back.",
                    brokerDeliveryPosts, Double.isNaN(brokerDeliverySeconds) ? "NOT within 90 s" : String.format("%.1f s", brokerDeliverySeconds)));
            report.line("");
        }
        if (!outageProbes.isEmpty()) {
            report.line("`/ready` of every instance while a server was down (asked every 2 s; the gateway's health check allows 1 s):");
            report.line("");
            outageProbes.forEach(probe -> report.line("- " + probe));
            report.line("");
        }
        if (!metrics.serverErrors().isEmpty()) {
            report.line("5xx answers seen (the first five of each status; the services' logs have the details at the same time, UTC):");
            report.line("");
            report.line("| at (UTC) | during | status | request | body |");
            report.line("|---|---|---|---|---|");
            for (Metrics.ServerError e : metrics.serverErrors()) {
                report.line("| " + e.at() + " | " + e.window() + " | " + e.status() + " | " + e.request() + " | " + e.body().replace("|", "\\|").replace("\n", " ") + " |");
            }
            report.line("");
        }
        report.line("## Thresholds");
        report.line("");
        report.line("| threshold | result |");
        report.line("|---|---|");
        for (Report.Row row : rows) {
            Fault fault = row.fault();
            if (fault == null) {
                continue;
            }
            Window.Summary f = row.figures();
            switch (fault.kind()) {
                case SERVICE, WORKER -> report.line(String.format("| %s down: >= 99 %% of home reads and of writes succeed on the first try | %s (%.2f %%, %.2f %%) |",
                        fault.part(), pass(f.readSuccessPercent() >= FIRST_TRY_PERCENT && f.writeFirstTryPercent() >= FIRST_TRY_PERCENT),
                        f.readSuccessPercent(), f.writeFirstTryPercent()));
                case KAFKA_BROKER -> {
                    report.line(String.format("| %s down: >= 99 %% of home reads and of writes succeed on the first try | %s (%.2f %%, %.2f %%) |",
                            fault.part(), pass(f.readSuccessPercent() >= FIRST_TRY_PERCENT && f.writeFirstTryPercent() >= FIRST_TRY_PERCENT),
                            f.readSuccessPercent(), f.writeFirstTryPercent()));
                    report.line(String.format("| %s down: producing with acks=all stalls <= %.0f s (no send fails), posts accepted meanwhile in followers' home timelines <= %.0f s after it is back | %s (%s) |",
                            fault.part(), BROKER_FAILOVER_LIMIT_SECONDS, KAFKA_DELIVERY_LIMIT_SECONDS, pass(brokerFailedOver()), brokerFigures()));
                }
                case VALKEY_MASTER -> report.line(String.format("| %s (a Valkey master) down: >= 99 %% of home reads and of writes succeed on the first try (its replica takes over) | %s (%.2f %%, %.2f %%) |",
                        fault.part(), pass(f.readSuccessPercent() >= FIRST_TRY_PERCENT && f.writeFirstTryPercent() >= FIRST_TRY_PERCENT),
                        f.readSuccessPercent(), f.writeFirstTryPercent()));
                case POSTGRES -> report.line(String.format("| PostgreSQL down %.0f s: >= 99 %% of warm users' home reads succeed (served from Valkey alone) | %s (%.2f %%) |",
                        row.downSeconds(), pass(f.readSuccessPercent() >= FIRST_TRY_PERCENT), f.readSuccessPercent()));
                case VALKEY -> report.line(String.format("| Valkey down %.0f s: >= 99 %% of signed-in home reads succeed, p99 <= 500 ms | %s (%.2f %%, p99 %.1f ms) |",
                        row.downSeconds(), pass(f.readSuccessPercent() >= FIRST_TRY_PERCENT && f.readP99Millis() <= VALKEY_P99_LIMIT_MS),
                        f.readSuccessPercent(), f.readP99Millis()));
                case KAFKA -> report.line(String.format("| Kafka down %.0f s: posts accepted meanwhile in followers' home timelines <= 30 s after it is back | %s (%s) |",
                        row.downSeconds(), pass(kafkaDelivered()), kafkaDeliveryPosts == 0 ? "not measured: no post was accepted while Kafka was down"
                                : Double.isNaN(kafkaDeliverySeconds) ? "not within 90 s" : String.format("%.1f s, %d posts", kafkaDeliverySeconds, kafkaDeliveryPosts)));
                default -> {
                }
            }
        }
        report.line("");
        report.line(thresholdFailures.isEmpty() ? "Every threshold met." : thresholdFailures.size() + " threshold(s) not met"
                + (config.strict() ? " (CHAOS_STRICT=on: the run fails)." : " (reported; CHAOS_STRICT=on makes them fail the run)."));
        report.line("");
        report.line("## Audit (through the public API, after the load stopped)");
        report.line("");
        report.line("| check | result | figures |");
        report.line("|---|---|---|");
        for (Audit.Check check : checks) {
            report.line("| " + check.name() + " | " + pass(check.passed()) + " | " + check.detail().replace("|", "\\|") + " |");
        }
        report.line("");
        for (Audit.Check check : checks) {
            if (!check.passed()) {
                report.line("Failed: " + check.name() + " (first " + check.problems().size() + "):");
                check.problems().forEach(p -> report.line("- " + p.replace("|", "\\|")));
                report.line("");
            }
        }
        report.line(auditPassed ? "**Audit passed**: nothing acknowledged was lost or duplicated, every count is exact, no 500."
                : "**Audit FAILED** (see above).");
        Path file = config.root().resolve("bench/results/chaos-" + LocalDate.now() + (config.kafkaCluster() ? "-cluster" : "")
                + (config.shortRun() ? "-short" : "") + ".md");
        report.line("");
        Report.progress("Written to " + report.write(file));
    }

    private void follow(User reader, User author) {
        for (int attempt = 1; ; attempt++) {
            Http.Reply reply = reader.send(HttpMethod.POST, "/api/users/" + author.id() + "/follow", null, Map.of());
            if (reply.status() == 200) {
                return;
            }
            if (attempt == 20) {
                throw new IllegalStateException(reader + " could not follow " + author + ": HTTP " + reply.status() + " " + reply.body());
            }
            User.pause(500);
        }
    }

    private List<User> users(String role, int count) {
        List<User> users = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            users.add(new User(role + run + "_" + i, http, config.gateway(), metrics));
        }
        return users;
    }

    @SafeVarargs
    private static List<User> concat(List<User>... lists) {
        List<User> all = new ArrayList<>();
        for (List<User> list : lists) {
            all.addAll(list);
        }
        return all;
    }

    private static String pass(boolean passed) {
        return passed ? "pass" : "**FAIL**";
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long wait = nanos - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }
}
