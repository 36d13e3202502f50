package dev.twitterlike.bench;

import java.io.PrintStream;

/**
 * A progress bar on standard error for the long loads: on a terminal one line redrawn in place
 * four times a second, elsewhere (CI, a log file) a line at every tenth. It shows the share of
 * the work done, the rows written so far and their rate, and the time left at that rate.
 */
final class Progress {

    private static final PrintStream OUT = System.err;
    private static final boolean TERMINAL = System.console() != null;
    private static final int WIDTH = 30;

    private final String label;
    private final long total;
    private final long started = System.nanoTime();
    private long lastDrawn;
    private int lastTenth = -1;

    /** @param total the units of work (users to generate); the rows they make are counted apart */
    Progress(String label, long total) {
        this.label = label;
        this.total = Math.max(1, total);
    }

    /** A step without a bar (an index build, a cleanup). */
    static void stage(String what) {
        OUT.println("  " + what);
    }

    void at(long done, long rows) {
        if (TERMINAL) {
            long now = System.nanoTime();
            if (now - lastDrawn > 250_000_000L || done == total) {
                lastDrawn = now;
                OUT.print("\r" + line(done, rows));
            }
        } else {
            int tenth = (int) (done * 10 / total);
            if (tenth != lastTenth) {
                lastTenth = tenth;
                OUT.println(line(done, rows));
            }
        }
    }

    void done(long rows) {
        if (TERMINAL) {
            OUT.print("\r" + line(total, rows) + "\n");
        }
    }

    String line(long done, long rows) {
        double share = Math.min(1, done / (double) total);
        int filled = (int) Math.round(share * WIDTH);
        double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
        long left = share > 0 ? Math.round(seconds / share - seconds) : 0;
        return String.format("  %-8s [%s%s] %3.0f%%  %,d rows  %,.0f rows/s  %s", label, "#".repeat(filled),
                ".".repeat(WIDTH - filled), share * 100, rows, rows / seconds,
                done >= total ? String.format("%.0f s", seconds) : String.format("ETA %d:%02d", left / 60, left % 60));
    }
}
