package org.qiao.bench;

import org.HdrHistogram.Histogram;

/** What one measured run gave: answers counted (success or not) and their latencies in microseconds. */
public record LoadResult(String scenario, int workers, double seconds, long ok, long failed, Histogram latencies,
                         String firstError) {

    public long total() {
        return ok + failed;
    }

    /** Successful answers per second. */
    public double throughput() {
        return ok / seconds;
    }

    public double percentileMillis(double p) {
        return latencies.getTotalCount() == 0 ? 0 : latencies.getValueAtPercentile(p) / 1000.0;
    }
}
