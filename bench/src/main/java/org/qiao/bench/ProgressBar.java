package org.qiao.bench;

import java.io.PrintStream;

/** A one-line progress bar on stderr: done/total, rate and time left, redrawn at most twice a second. */
final class ProgressBar {

    private final PrintStream out;
    private final String what;
    private final long total;
    private final long start = System.nanoTime();
    private long lastDraw;

    ProgressBar(PrintStream out, String what, long total) {
        this.out = out;
        this.what = what;
        this.total = total;
    }

    void update(long done) {
        long now = System.nanoTime();
        if (done < total && now - lastDraw < 500_000_000L) {
            return;
        }
        lastDraw = now;
        double seconds = Math.max(1e-3, (now - start) / 1e9);
        double rate = done / seconds;
        int width = 30;
        int filled = total == 0 ? width : (int) (width * done / total);
        long eta = rate > 0 ? (long) ((total - done) / rate) : 0;
        out.printf("\r%-10s [%s%s] %3d%% %,d/%,d  %,.0f/s  ETA %ds   ", what, "#".repeat(filled),
                " ".repeat(width - filled), total == 0 ? 100 : 100 * done / total, done, total, rate, eta);
        out.flush();
    }

    void finish() {
        if (total > 0) {
            out.println();
        }
    }
}
