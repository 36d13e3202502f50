package dev.twitterlike.devstack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Operations on the suite's Kafka, for the runbooks in docs/operations.md (scripts/lag.sh,
 * scripts/replay.sh, scripts/dlt.sh call it):
 *
 * <pre>
 * java -jar devstack-exec.jar ops lag    --bootstrap HOST:PORT [--group G]...
 * java -jar devstack-exec.jar ops replay --bootstrap HOST:PORT --group G --from TIME|OFFSET [--topic T] [--dry-run true]
 * java -jar devstack-exec.jar ops dlt-list    --bootstrap HOST:PORT [--topic T] [--last N]
 * java -jar devstack-exec.jar ops dlt-redrive --bootstrap HOST:PORT --topic T
 * java -jar devstack-exec.jar ops produce --bootstrap HOST:PORT --topic T [--key K] --value V
 * </pre>
 *
 * {@code produce} sends one record (the end-to-end checks put an unreadable one on a topic to
 * see it reach the dead-letter topic and be re-driven).
 *
 * Exit codes: 0 done, 2 refused (a group with live members, an unknown group or topic), 64 bad usage.
 */
final class Ops implements AutoCloseable {

    /** The consumer group whose committed offsets on {@code <topic>.dlt} mark what was re-driven. */
    static final String REDRIVE_GROUP = "dlt-redrive";
    private static final Pattern RELATIVE = Pattern.compile("(\\d+)([smhd])");
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final Admin admin;
    private final String bootstrap;

    private Ops(String bootstrap) {
        this.bootstrap = bootstrap;
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        this.admin = Admin.create(props);
    }

    /** A refusal or bad input: printed without a stack trace. */
    static final class Refused extends RuntimeException {
        final int code;

        Refused(int code, String message) {
            super(message);
            this.code = code;
        }
    }

    static void main(String[] args) {
        int code;
        try {
            code = run(args);
        } catch (Refused e) {
            System.err.println("ops: " + e.getMessage());
            code = e.code;
        } catch (ExecutionException e) {
            System.err.println("ops: Kafka refused: " + e.getCause());
            code = 1;
        } catch (Exception e) {
            System.err.println("ops: " + e);
            code = 1;
        }
        System.exit(code);
    }

    private static int run(String[] args) throws Exception {
        if (args.length < 1) {
            throw usage();
        }
        String command = args[0];
        Map<String, List<String>> options = new HashMap<>();
        for (int i = 1; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw usage();
            }
            options.computeIfAbsent(args[i].substring(2), k -> new ArrayList<>()).add(args[i + 1]);
        }
        String bootstrap = one(options, "bootstrap", true);
        try (Ops ops = new Ops(bootstrap)) {
            switch (command) {
                case "lag" -> ops.lag(options.getOrDefault("group", List.of()));
                case "replay" -> {
                    one(options, "group", true);
                    ops.replay(options.get("group"), one(options, "from", true), one(options, "topic", false),
                            "true".equals(one(options, "dry-run", false)));
                }
                case "dlt-list" -> {
                    String last = one(options, "last", false);
                    ops.dltList(one(options, "topic", false), last == null ? 3 : parseCount(last));
                }
                case "dlt-redrive" -> ops.dltRedrive(one(options, "topic", true));
                case "produce" -> ops.produce(one(options, "topic", true), one(options, "key", false), one(options, "value", true));
                default -> throw usage();
            }
        }
        return 0;
    }

    private static int parseCount(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new Refused(64, "--last takes a number (got '" + text + "')");
        }
    }

    private static String one(Map<String, List<String>> options, String name, boolean required) {
        List<String> values = options.get(name);
        if (values == null || values.isEmpty()) {
            if (required) {
                throw new Refused(64, "missing --" + name);
            }
            return null;
        }
        return values.get(values.size() - 1);
    }

    private static Refused usage() {
        return new Refused(64, """
                usage: ops lag --bootstrap HOST:PORT [--group G]...
                       ops replay --bootstrap HOST:PORT --group G --from TIME|OFFSET [--topic T] [--dry-run true]
                       ops dlt-list --bootstrap HOST:PORT [--topic T] [--last N]
                       ops dlt-redrive --bootstrap HOST:PORT --topic T
                       ops produce --bootstrap HOST:PORT --topic T [--key K] --value V""");
    }

    // ---- lag

    private void lag(List<String> only) throws Exception {
        Collection<String> groups = only.isEmpty() ? consumerGroups() : only;
        int width = Math.max(20, groups.stream().mapToInt(String::length).max().orElse(0));
        String row = "%-" + width + "s %-20s %4s %10s %10s %8s %7s%n";
        System.out.printf(row, "GROUP", "TOPIC", "PART", "COMMITTED", "END", "LAG", "MEMBERS");
        if (groups.isEmpty()) {
            System.out.println("(no consumer groups)");
            return;
        }
        for (String group : groups) {
            ConsumerGroupDescription description = describe(group);
            if (description == null && !only.isEmpty()) {
                throw new Refused(2, "no consumer group '" + group + "' (scripts/lag.sh alone lists them)");
            }
            Map<TopicPartition, OffsetAndMetadata> committed = committed(group);
            int members = description == null ? 0 : description.members().size();
            // every partition of every topic the group has committed on or is assigned
            Set<String> topics = new TreeSet<>();
            committed.keySet().forEach(tp -> topics.add(tp.topic()));
            if (description != null) {
                description.members().forEach(m -> m.assignment().topicPartitions().forEach(tp -> topics.add(tp.topic())));
            }
            if (topics.isEmpty()) {
                if (!only.isEmpty() && members == 0) {
                    throw new Refused(2, "no consumer group '" + group + "' (scripts/lag.sh alone lists them)");
                }
                System.out.printf(row, group, "-", "-", "-", "-", "-", members);
                continue;
            }
            Set<TopicPartition> partitions = new TreeSet<>(BY_TOPIC_PARTITION);
            admin.describeTopics(topics).allTopicNames().get().forEach((name, d) ->
                    d.partitions().forEach(p -> partitions.add(new TopicPartition(name, p.partition()))));
            Map<TopicPartition, Long> end = offsets(partitions, OffsetSpec.latest());
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata at = committed.get(tp);
                long e = end.getOrDefault(tp, 0L);
                // no commit yet: nothing consumed there (a fresh group on an empty partition)
                String c = at == null ? "-" : Long.toString(at.offset());
                String lag = at == null ? (e == 0 ? "0" : "-") : Long.toString(Math.max(0, e - at.offset()));
                System.out.printf(row, group, tp.topic(), tp.partition(), c, e, lag, members);
            }
        }
    }

    /** The group, or null if Kafka knows none of that name. */
    private ConsumerGroupDescription describe(String group) throws Exception {
        try {
            return admin.describeConsumerGroups(List.of(group)).all().get().get(group);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return null;
            }
            throw e;
        }
    }

    private List<String> consumerGroups() throws Exception {
        return admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get().stream()
                .map(GroupListing::groupId).sorted().toList();
    }

    private Map<TopicPartition, OffsetAndMetadata> committed(String group) throws Exception {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetAndMetadata> present = new HashMap<>();
            offsets.forEach((tp, at) -> {
                if (at != null) {
                    present.put(tp, at);
                }
            });
            return present;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return Map.of();
            }
            throw e;
        }
    }

    private Map<TopicPartition, Long> offsets(Collection<TopicPartition> partitions, OffsetSpec spec) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = admin.listOffsets(request).all().get();
        Map<TopicPartition, Long> offsets = new HashMap<>();
        result.forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    private static final Comparator<TopicPartition> BY_TOPIC_PARTITION =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    // ---- replay

    /**
     * Resets {@code group} to {@code from}. A dry run checks everything but the members (the
     * group, its topics, the target) and changes nothing: replay.sh runs one before it stops anything.
     */
    private void replay(List<String> groups, String from, String topic, boolean dryRun) throws Exception {
        Target target = Target.parse(from);
        int replayed = 0;
        for (String group : groups) {
            // with several groups (a service's) and a topic, the groups that do not read it are left alone
            if (replay(group, from, target, topic, dryRun, groups.size() == 1)) {
                replayed++;
            }
        }
        if (replayed == 0) {
            throw new Refused(2, "none of the groups " + groups + " has consumed anything from topic '" + topic + "'");
        }
    }

    private boolean replay(String group, String from, Target target, String topic, boolean dryRun, boolean only) throws Exception {
        ConsumerGroupDescription description = describe(group);
        if (description == null) {
            throw new Refused(2, "no consumer group '" + group + "' (scripts/lag.sh lists them)");
        }
        if (!dryRun && !description.members().isEmpty()) {
            List<String> who = description.members().stream().map(MemberDescription::clientId).distinct().sorted().toList();
            throw new Refused(2, "group '" + group + "' has " + description.members().size() + " live member(s) " + who
                    + "; Kafka resets only the offsets of an empty group: stop the consumers first (scripts/replay.sh does)");
        }
        Map<TopicPartition, OffsetAndMetadata> committed = committed(group);
        Set<String> topics = new TreeSet<>();
        committed.keySet().forEach(tp -> topics.add(tp.topic()));
        if (topic != null) {
            if (!topics.contains(topic)) {
                if (!only) {
                    return false;
                }
                throw new Refused(2, "group '" + group + "' has consumed nothing from topic '" + topic + "'; its topics: " + topics);
            }
            topics.retainAll(Set.of(topic));
        }
        if (topics.isEmpty()) {
            throw new Refused(2, "group '" + group + "' has no committed offsets: nothing to replay");
        }
        Set<TopicPartition> partitions = new TreeSet<>(BY_TOPIC_PARTITION);
        Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get();
        described.forEach((name, d) -> d.partitions().forEach(p -> partitions.add(new TopicPartition(name, p.partition()))));
        Map<TopicPartition, Long> earliest = offsets(partitions, OffsetSpec.earliest());
        Map<TopicPartition, Long> end = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> wanted = new HashMap<>();
        if (target instanceof Target.Earliest) {
            wanted.putAll(earliest);
        } else if (target instanceof Target.Offset o) {
            partitions.forEach(tp -> wanted.put(tp, Math.min(Math.max(o.offset(), earliest.get(tp)), end.get(tp))));
        } else if (target instanceof Target.Time t) {
            offsets(partitions, OffsetSpec.forTimestamp(t.at().toEpochMilli()))
                    // -1: nothing at or after that time in the partition, so its end
                    .forEach((tp, offset) -> wanted.put(tp, offset < 0 ? end.get(tp) : offset));
        }
        Map<TopicPartition, OffsetAndMetadata> reset = new LinkedHashMap<>();
        Map<TopicPartition, Long> old = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata at = committed.get(tp);
            // never forwards: a partition already behind the target keeps its offset (nothing is skipped)
            long was = at == null ? earliest.get(tp) : at.offset();
            old.put(tp, was);
            reset.put(tp, new OffsetAndMetadata(Math.min(was, wanted.get(tp)), "replay --from " + from));
        }
        if (dryRun) {
            System.out.printf("dry run: replay %s --from %s (%s) would move %d partition(s)%n", group, from, target, reset.size());
            return true;
        }
        admin.alterConsumerGroupOffsets(group, reset).all().get();
        System.out.printf("replay %s --from %s (%s)%n", group, from, target);
        System.out.printf("%-20s %4s %10s %10s %10s %8s%n", "TOPIC", "PART", "OLD", "NEW", "END", "LAG");
        long total = 0;
        for (TopicPartition tp : partitions) {
            long now = reset.get(tp).offset();
            long lag = end.get(tp) - now;
            total += lag;
            System.out.printf("%-20s %4d %10d %10d %10d %8d%n", tp.topic(), tp.partition(), old.get(tp), now, end.get(tp), lag);
        }
        System.out.printf("%d record(s) to re-process%n", total);
        return true;
    }

    sealed interface Target {
        record Earliest() implements Target {
            @Override
            public String toString() {
                return "the earliest retained offset";
            }
        }

        record Offset(long offset) implements Target {
            @Override
            public String toString() {
                return "offset " + offset + " of each partition";
            }
        }

        record Time(Instant at) implements Target {
            @Override
            public String toString() {
                return "the first record at or after " + at;
            }
        }

        static Target parse(String text) {
            if (text.equals("earliest")) {
                return new Earliest();
            }
            if (text.matches("\\d+")) {
                return new Offset(Long.parseLong(text));
            }
            Matcher relative = RELATIVE.matcher(text);
            if (relative.matches()) {
                long n = Long.parseLong(relative.group(1));
                Duration ago = switch (relative.group(2)) {
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
                return new Time(Instant.now().minus(ago));
            }
            try {
                return new Time(Instant.parse(text));
            } catch (DateTimeParseException e) {
                throw new Refused(64, "--from takes a time (2026-12-01T15:00:00Z, or 1h, 30m, 2d ago), 'earliest' or an offset (got '" + text + "')");
            }
        }
    }

    // ---- dead-letter topics

    private static String dltOf(String topic) {
        return topic.endsWith(".dlt") ? topic : topic + ".dlt";
    }

    private void dltList(String topic, int last) throws Exception {
        Set<String> all = admin.listTopics().names().get();
        List<String> dlts = topic == null
                ? all.stream().filter(t -> t.endsWith(".dlt")).sorted().toList()
                : List.of(dltOf(topic));
        if (topic != null && !all.contains(topic.replaceFirst("\\.dlt$", ""))) {
            throw new Refused(2, "no topic '" + topic + "'");
        }
        if (dlts.isEmpty()) {
            System.out.println("no dead-letter topics: no record has failed for good");
            return;
        }
        System.out.printf("%-24s %8s %12s%n", "DEAD-LETTER TOPIC", "RECORDS", "NOT-REDRIVEN");
        Map<String, List<ConsumerRecord<byte[], byte[]>>> tails = new LinkedHashMap<>();
        for (String dlt : dlts) {
            if (!all.contains(dlt)) {
                System.out.printf("%-24s %8d %12d%n", dlt, 0, 0);
                continue;
            }
            Span span = span(dlt);
            System.out.printf("%-24s %8d %12d%n", dlt, span.count(), span.pending());
            if (last > 0 && span.count() > 0) {
                Map<TopicPartition, Long> from = new HashMap<>();
                span.begin().forEach((tp, b) -> from.put(tp, Math.max(b, span.end().get(tp) - last)));
                List<ConsumerRecord<byte[], byte[]>> records = read(from, span.end());
                records.sort(Comparator.comparingLong(ConsumerRecord::timestamp));
                tails.put(dlt, records.subList(Math.max(0, records.size() - last), records.size()));
            }
        }
        tails.forEach((dlt, records) -> {
            System.out.printf("%nlast %d of %s:%n", records.size(), dlt);
            for (ConsumerRecord<byte[], byte[]> r : records) {
                System.out.printf("  %s-%d@%d  %s  key=%s%n", dlt, r.partition(), r.offset(), Instant.ofEpochMilli(r.timestamp()), text(r.key()));
                List<String> names = new ArrayList<>();
                for (Header h : r.headers()) {
                    names.add(h.key());
                }
                System.out.printf("    headers: %s%n", String.join(", ", names));
                System.out.printf("    from: %s-%s@%s%n", header(r, "kafka_dlt-original-topic"),
                        header(r, "kafka_dlt-original-partition"), header(r, "kafka_dlt-original-offset"));
                System.out.printf("    error: %s: %s%n", header(r, "kafka_dlt-exception-fqcn"), abbreviate(header(r, "kafka_dlt-exception-message"), 240));
            }
        });
    }

    private void dltRedrive(String topic) throws Exception {
        String dlt = dltOf(topic);
        String original = dlt.substring(0, dlt.length() - ".dlt".length());
        Set<String> all = admin.listTopics().names().get();
        if (!all.contains(original)) {
            throw new Refused(2, "no topic '" + original + "'");
        }
        if (!all.contains(dlt)) {
            System.out.println("no " + dlt + ": nothing to re-drive");
            return;
        }
        Span span = span(dlt);
        Map<TopicPartition, Long> from = new HashMap<>();
        span.begin().forEach((tp, b) -> from.put(tp, span.done().getOrDefault(tp, b)));
        List<ConsumerRecord<byte[], byte[]>> records = read(from, span.end());
        records.sort(Comparator.comparingLong(ConsumerRecord::timestamp));
        Map<String, Integer> perTopic = new TreeMap<>();
        try (KafkaProducer<byte[], byte[]> producer = producer("ops-dlt-redrive")) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : records) {
                String to = header(r, "kafka_dlt-original-topic");
                if (to == null || to.isEmpty()) {
                    to = original;
                }
                RecordHeaders headers = new RecordHeaders();
                for (Header h : r.headers()) {
                    if (!h.key().startsWith("kafka_dlt-")) {
                        headers.add(h);
                    }
                }
                headers.add("twitter-redriven-from", (dlt + "-" + r.partition() + "@" + r.offset()).getBytes(StandardCharsets.UTF_8));
                sent.add(producer.send(new ProducerRecord<>(to, null, r.key(), r.value(), headers)));
                perTopic.merge(to, 1, Integer::sum);
            }
            producer.flush();
            for (var f : sent) {
                f.get(); // every record acknowledged before the offsets move
            }
        }
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        span.end().forEach((tp, e) -> done.put(tp, new OffsetAndMetadata(e, "redriven")));
        admin.alterConsumerGroupOffsets(REDRIVE_GROUP, done).all().get();
        System.out.printf("re-drove %d record(s) from %s%s; group %s now at the end of %s%n", records.size(), dlt,
                perTopic.isEmpty() ? "" : " to " + perTopic, REDRIVE_GROUP, dlt);
    }

    private KafkaProducer<byte[], byte[]> producer(String clientId) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private void produce(String topic, String key, String value) throws Exception {
        if (!admin.listTopics().names().get().contains(topic)) {
            throw new Refused(2, "no topic '" + topic + "'");
        }
        try (KafkaProducer<byte[], byte[]> producer = producer("ops-produce")) {
            var sent = producer.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                    value.getBytes(StandardCharsets.UTF_8))).get();
            System.out.printf("sent to %s-%d@%d%n", sent.topic(), sent.partition(), sent.offset());
        }
    }

    /** A dead-letter topic's offsets: retained, and re-driven so far (group dlt-redrive). */
    record Span(Map<TopicPartition, Long> begin, Map<TopicPartition, Long> end, Map<TopicPartition, Long> done) {
        long count() {
            return end.entrySet().stream().mapToLong(e -> e.getValue() - begin.get(e.getKey())).sum();
        }

        long pending() {
            return end.entrySet().stream()
                    .mapToLong(e -> e.getValue() - Math.max(begin.get(e.getKey()), done.getOrDefault(e.getKey(), 0L))).sum();
        }
    }

    private Span span(String dlt) throws Exception {
        List<TopicPartition> partitions = new ArrayList<>();
        admin.describeTopics(List.of(dlt)).allTopicNames().get().get(dlt).partitions()
                .forEach(p -> partitions.add(new TopicPartition(dlt, p.partition())));
        Map<TopicPartition, Long> done = new HashMap<>();
        committed(REDRIVE_GROUP).forEach((tp, at) -> {
            if (tp.topic().equals(dlt)) {
                done.put(tp, at.offset());
            }
        });
        return new Span(offsets(partitions, OffsetSpec.earliest()), offsets(partitions, OffsetSpec.latest()), done);
    }

    /** The records from each partition's {@code from} up to (not including) its {@code to}. */
    private List<ConsumerRecord<byte[], byte[]>> read(Map<TopicPartition, Long> from, Map<TopicPartition, Long> to) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        Map<TopicPartition, Long> todo = new HashMap<>();
        from.forEach((tp, f) -> {
            if (f < to.get(tp)) {
                todo.put(tp, f);
            }
        });
        if (todo.isEmpty()) {
            return records;
        }
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(todo.keySet());
            todo.forEach(consumer::seek);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!todo.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new Refused(1, "could not read " + todo.keySet() + " within " + TIMEOUT.toSeconds() + " s");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (todo.containsKey(tp) && r.offset() < to.get(tp)) {
                        records.add(r);
                    }
                }
                for (TopicPartition tp : List.copyOf(todo.keySet())) {
                    if (consumer.position(tp) >= to.get(tp)) {
                        todo.remove(tp);
                        consumer.pause(List.of(tp));
                    }
                }
            }
        }
        return records;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        if (h == null || h.value() == null) {
            return null;
        }
        byte[] v = h.value();
        // spring-kafka writes the original partition as a 4-byte int and the offset as an 8-byte long
        if (name.endsWith("-partition") && v.length == 4) {
            return Integer.toString(ByteBuffer.wrap(v).getInt());
        }
        if ((name.endsWith("-offset") || name.endsWith("-timestamp")) && v.length == 8) {
            return Long.toString(ByteBuffer.wrap(v).getLong());
        }
        return new String(v, StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "null" : new String(bytes, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String s, int max) {
        if (s == null) {
            return "-";
        }
        s = s.replaceAll("\\s+", " ");
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
