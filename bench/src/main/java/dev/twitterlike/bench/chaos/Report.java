package dev.twitterlike.bench.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The run's Markdown report, printed as it grows and written to bench/results/ at the end. */
final class Report {

    /** One row of the fault table. {@code fault} is null for the baseline and the whole run. */
    record Row(String name, Fault fault, String killed, double downSeconds, double readySeconds, Window.Summary figures) {
    }

    static final String TABLE_HEADER = """
            | fault | killed (pids) | down s | reads ok | reads failed | reads 1st try % | writes 1st try % (of n) | read p99 ms | restart to ready s | 5xx by code | no answer |
            |---|---|---|---|---|---|---|---|---|---|---|""";

    private final StringBuilder text = new StringBuilder();

    void line(String line) {
        System.out.println(line);
        System.out.flush();
        text.append(line).append('\n');
    }

    /** Progress on the console only (the report gets the whole table at the end). */
    static void progress(String line) {
        System.out.println(line);
        System.out.flush();
    }

    static String format(Row row) {
        Window.Summary f = row.figures();
        return String.format("| %s | %s | %s | %d | %d | %.2f | %.2f (%d) | %.1f | %s | %s | %d |",
                row.name(), row.killed() == null ? "" : row.killed(),
                row.fault() == null ? "" : String.format("%.1f", row.downSeconds()),
                f.readsOk(), f.readsFailed(), f.readSuccessPercent(), f.writeFirstTryPercent(), f.writes(),
                f.readP99Millis(), row.fault() == null ? "" : String.format("%.1f", row.readySeconds()),
                serverErrors(f.serverErrors()), f.noAnswer());
    }

    static String serverErrors(Map<Integer, Long> errors) {
        return errors.isEmpty() ? "none" : errors.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", "));
    }

    void table(List<Row> rows) {
        line(TABLE_HEADER);
        rows.forEach(row -> line(format(row)));
    }

    Path write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text.toString());
        return file;
    }
}
