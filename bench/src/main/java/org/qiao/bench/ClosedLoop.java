package org.qiao.bench;

import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A closed-loop load: N workers, each with its own connection, send a request, wait for the answer, send the next.
 * Latencies after the warm-up go into one HdrHistogram (microseconds, 3 significant digits).
 *
 * <p>Steps: open every worker's connection; make one untimed call on each (a server's first answers include its
 * class loading and JIT, seconds on a busy machine); run all workers for warm-up + measured time; calls that end inside
 * the measured window are counted (a slow first call still counts once it ends); merge the workers' histograms.
 */
public final class ClosedLoop {

    /** One worker's connection: makes one call and says whether the answer was a success (AA, Success). */
    public interface Caller extends AutoCloseable {
        boolean call() throws Exception;

        @Override
        default void close() throws Exception {
        }
    }

    /** Makes worker {@code i}'s caller (and opens its connection). */
    public interface CallerFactory {
        Caller open(int worker) throws Exception;
    }

    private ClosedLoop() {
    }

    private static void prime(List<Caller> callers) throws InterruptedException {
        var threads = new ArrayList<Thread>();
        for (var c : callers) {
            var t = new Thread(() -> {
                try {
                    c.call();
                } catch (Exception e) {
                    // counted in the measured calls if it persists
                }
            });
            threads.add(t);
            t.start();
        }
        for (var t : threads) {
            t.join(120_000);
        }
    }

    public static LoadResult run(String scenario, int workers, Duration warmup, Duration measured,
                                 CallerFactory factory) throws Exception {
        var callers = new ArrayList<Caller>();
        for (int i = 0; i < workers; i++) {
            callers.add(factory.open(i));
        }
        prime(callers);
        var stop = new AtomicBoolean();
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long measureTo = measureFrom + measured.toNanos();
        var histograms = new Histogram[workers];
        var ok = new long[workers];
        var failed = new long[workers];
        var errors = new String[workers];
        var threads = new ArrayList<Thread>();
        for (int i = 0; i < workers; i++) {
            int w = i;
            histograms[w] = new Histogram(60_000_000L, 3);
            var t = new Thread(() -> {
                var caller = callers.get(w);
                while (!stop.get()) {
                    long t0 = System.nanoTime();
                    boolean success;
                    try {
                        success = caller.call();
                    } catch (Exception e) {
                        success = false;
                        errors[w] = e.toString();
                    }
                    long t1 = System.nanoTime();
                    if (t1 >= measureFrom && t1 <= measureTo) {
                        histograms[w].recordValue(Math.max(1, (t1 - t0) / 1000));
                        if (success) {
                            ok[w]++;
                        } else {
                            failed[w]++;
                        }
                    }
                    if (t1 > measureTo) {
                        break;
                    }
                }
            }, scenario + "-" + w);
            threads.add(t);
            t.start();
        }
        for (var t : threads) {
            t.join(warmup.toMillis() + measured.toMillis() + 60_000);
        }
        stop.set(true);
        for (var c : callers) {
            c.close();
        }
        var all = new Histogram(60_000_000L, 3);
        long okTotal = 0;
        long failedTotal = 0;
        String firstError = null;
        for (int i = 0; i < workers; i++) {
            all.add(histograms[i]);
            okTotal += ok[i];
            failedTotal += failed[i];
            if (firstError == null) {
                firstError = errors[i];
            }
        }
        return new LoadResult(scenario, workers, measured.toNanos() / 1e9, okTotal, failedTotal, all, firstError);
    }
}
