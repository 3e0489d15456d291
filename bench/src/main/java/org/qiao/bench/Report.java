package org.qiao.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** bench/REPORT.md: the machine, then one table per scenario (medians of the runs) and the targets. */
public final class Report {

    /** The runs of one scenario on one server, and that server's CPU seconds per run and peak RSS. */
    public record Row(String scenario, String server, List<LoadResult> runs, List<Double> cpuSeconds,
                      double peakRssMib) {

        public double throughput() {
            return median(runs.stream().mapToDouble(LoadResult::throughput).toArray());
        }

        public double p(double percentile) {
            return median(runs.stream().mapToDouble(r -> r.percentileMillis(percentile)).toArray());
        }

        public double cpu() {
            return median(cpuSeconds.stream().mapToDouble(Double::doubleValue).toArray());
        }

        public long ok() {
            return runs.stream().mapToLong(LoadResult::ok).sum();
        }

        public long failed() {
            return runs.stream().mapToLong(LoadResult::failed).sum();
        }
    }

    /** A target of issue 7 and whether this run met it. */
    public record Target(String what, String measured, Boolean pass) {
    }

    private final String title;
    private final String note;
    private final List<String> sections = new ArrayList<>();
    private final List<Target> targets = new ArrayList<>();
    private String targetsHeading = "Targets (issue 7)";

    public Report(String title, String note) {
        this.title = title;
        this.note = note;
    }

    public static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        var v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** One table: each row a server (the engine and its baseline), the ratio to the first row named baseline. */
    public void table(String heading, String description, List<Row> rows, Row baseline) {
        table(heading, description, rows, baseline, false);
    }

    /** {@link #table(String, String, List, Row)}, each server named with its transaction when several are compared. */
    public void table(String heading, String description, List<Row> rows, Row baseline, boolean byTransaction) {
        var sb = new StringBuilder("## ").append(heading).append("\n\n");
        if (description != null) {
            sb.append(description).append("\n\n");
        }
        sb.append("| server | workers | runs | throughput (/s) | p50 (ms) | p95 (ms) | p99 (ms) | CPU s / run | peak RSS (MiB) | ok | not ok | × baseline |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (var r : rows) {
            var ratio = baseline == null || r == baseline ? "" : String.format("%.2f", r.throughput() / baseline.throughput());
            // rows per registry size are named "ITI-18 @ <documents>" or "ITI-21 @ <patients>[, <note>]"
            var at = r.scenario().indexOf(" @ ");
            var server = r.server();
            var paren = r.scenario().indexOf(" (");
            if (at < 0 && paren >= 0) {
                server += r.scenario().substring(paren); // "bare IPF (10 entries)"
            }
            if (at >= 0) {
                var size = r.scenario().substring(at + 3);
                var note = size.indexOf(", ");
                server += " @ " + (note < 0 ? size : size.substring(0, note))
                        + (r.scenario().startsWith("ITI-21") || r.scenario().startsWith("ITI-78") ? " patients" : " documents")
                        + (note < 0 ? "" : size.substring(note));
            }
            if (byTransaction && at >= 0) {
                server = r.scenario().substring(0, at) + ": " + server;
            }
            sb.append(String.format("| %s | %d | %d | %.1f | %.2f | %.2f | %.2f | %.1f | %.0f | %d | %d | %s |%n",
                    server, r.runs().get(0).workers(), r.runs().size(), r.throughput(), r.p(50), r.p(95), r.p(99),
                    r.cpu(), r.peakRssMib(), r.ok(), r.failed(), ratio));
        }
        for (var r : rows) {
            for (var run : r.runs()) {
                if (run.firstError() != null) {
                    sb.append("\n").append(r.server()).append(": first error: `").append(run.firstError()).append("`\n");
                    break;
                }
            }
        }
        sections.add(sb.toString());
    }

    /** The heading of the targets' table (default: issue 7's). */
    public void targetsHeading(String heading) {
        this.targetsHeading = heading;
    }

    public void text(String heading, String body) {
        sections.add("## " + heading + "\n\n" + body + "\n");
    }

    public void target(String what, String measured, Boolean pass) {
        targets.add(new Target(what, measured, pass));
    }

    public String render(String machine) {
        var sb = new StringBuilder("# ").append(title).append("\n\n");
        if (note != null) {
            sb.append("> ").append(note).append("\n\n");
        }
        sb.append(machine).append("\n");
        sb.append("## ").append(targetsHeading).append("\n\n| target | measured | result |\n|---|---|---|\n");
        for (var t : targets) {
            sb.append("| ").append(t.what()).append(" | ").append(t.measured()).append(" | ")
                    .append(t.pass() == null ? "not measured" : t.pass() ? "PASS" : "FAIL").append(" |\n");
        }
        sb.append("\n");
        for (var s : sections) {
            sb.append(s).append("\n");
        }
        return sb.toString();
    }

    public void write(Path file, String machine) throws IOException {
        Files.writeString(file, render(machine), StandardCharsets.UTF_8);
    }

    /** nproc, CPU model, RAM, kernel, Java, date and commit. */
    public static String machine(String commit) {
        var cpu = "?";
        var ram = "?";
        var kernel = "?";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
            ram = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .findFirst().map(l -> String.format("%.1f GiB", Long.parseLong(l.replaceAll("\\D", "")) / 1048576.0))
                    .orElse("?");
            kernel = Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim();
        } catch (IOException | RuntimeException e) {
            // not Linux: leave the question marks
        }
        return "| machine | |\n|---|---|\n"
                + "| date | " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + " |\n"
                + "| commit | " + commit + " |\n"
                + "| cores (nproc) | " + Runtime.getRuntime().availableProcessors() + " |\n"
                + "| CPU | " + cpu + " |\n"
                + "| RAM | " + ram + " |\n"
                + "| kernel | " + kernel + " |\n"
                + "| Java | " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + " |\n";
    }
}
