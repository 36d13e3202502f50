package dev.twitterlike.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * Drives requests and records latencies with HdrHistogram. The fixed-rate run is open loop and
 * measures from when each request was due, not when it was sent, so a stalled server shows up
 * in the percentiles instead of silently lowering the rate (coordinated omission).
 */
final class Load {

    record Result(long requests, long errors, double seconds, Histogram latency) {
        double throughput() {
            return requests / seconds;
        }

        String ms(double percentile) {
            return String.format("%.1f", latency.getValueAtPercentile(percentile) / 1000.0);
        }
    }

    private Load() {
    }

    static Result fixedRate(int perSecond, int seconds, LongFunction<CompletableFuture<Integer>> request) throws Exception {
        Recorder recorder = new Recorder(3);
        AtomicLong errors = new AtomicLong();
        AtomicLong done = new AtomicLong();
        long total = (long) perSecond * seconds;
        long intervalNanos = 1_000_000_000L / perSecond;
        long start = System.nanoTime();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        CompletableFuture<Void> finished = new CompletableFuture<>();
        AtomicLong issued = new AtomicLong();
        timer.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            // issue every request that is due by now (catch up after a scheduling hiccup)
            while (issued.get() < total && start + issued.get() * intervalNanos <= now) {
                long n = issued.getAndIncrement();
                long due = start + n * intervalNanos;
                request.apply(n).whenComplete((status, error) -> {
                    recorder.recordValue(Math.max(1, (System.nanoTime() - due) / 1_000));
                    if (error != null || status != 200) {
                        errors.incrementAndGet();
                    }
                    if (done.incrementAndGet() == total) {
                        finished.complete(null);
                    }
                });
            }
        }, 0, Math.max(100_000, intervalNanos), TimeUnit.NANOSECONDS);
        finished.get(seconds + 60L, TimeUnit.SECONDS);
        timer.shutdownNow();
        return new Result(total, errors.get(), (System.nanoTime() - start) / 1e9, recorder.getIntervalHistogram());
    }

    static Result saturation(int concurrency, int seconds, LongFunction<CompletableFuture<Integer>> request) throws Exception {
        Recorder recorder = new Recorder(3);
        AtomicLong errors = new AtomicLong();
        AtomicLong count = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long start = System.nanoTime();
        CompletableFuture<?>[] workers = new CompletableFuture<?>[concurrency];
        for (int w = 0; w < concurrency; w++) {
            workers[w] = loop(request, recorder, errors, count, end);
        }
        CompletableFuture.allOf(workers).get(seconds + 60L, TimeUnit.SECONDS);
        return new Result(count.get(), errors.get(), (System.nanoTime() - start) / 1e9, recorder.getIntervalHistogram());
    }

    private static CompletableFuture<Void> loop(LongFunction<CompletableFuture<Integer>> request, Recorder recorder,
            AtomicLong errors, AtomicLong count, long end) {
        if (System.nanoTime() >= end) {
            return CompletableFuture.completedFuture(null);
        }
        long sent = System.nanoTime();
        return request.apply(count.get()).handle((status, error) -> {
            recorder.recordValue(Math.max(1, (System.nanoTime() - sent) / 1_000));
            count.incrementAndGet();
            if (error != null || status != 200) {
                errors.incrementAndGet();
            }
            return null;
        }).thenCompose(ignored -> loop(request, recorder, errors, count, end));
    }
}
