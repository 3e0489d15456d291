package org.qiao.routes.statistics;

import org.qiao.routes.config.HospitalNames;
import org.qiao.routes.console.QueryValues;
import org.qiao.stats.Measure;
import org.qiao.stats.StatisticsService;
import org.qiao.stats.StatisticsService.Period;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Statistics for the health authority as JSON or CSV: the measures, one measure's counts over time, and the
 * surveillance flags. Aggregates only (roles: WebSecurityConfig, statistics for ADMIN, OPERATOR, AUTHORITY).
 */
@RestController
@RequestMapping("/api/statistics")
public class StatisticsApi {

    private final StatisticsService statistics;
    private final HospitalNames.Names hospitals;

    public StatisticsApi(StatisticsService statistics, HospitalNames.Names hospitals) {
        this.statistics = statistics;
        this.hospitals = hospitals;
    }

    public record MeasureView(String id, List<String> groups) {
    }

    public record RuleView(String name, String measure, List<String> codes, long thresholdPerWeek) {
    }

    public record Measures(List<MeasureView> measures, List<String> periods, List<RuleView> surveillance) {
    }

    public record SeriesView(String key, String label, List<Long> counts, long total) {
    }

    public record AnswerView(String measure, LocalDate from, LocalDate to, String by, String group,
                             List<String> periods, List<SeriesView> series, long total) {
    }

    @GetMapping
    public Measures measures() {
        return new Measures(Arrays.stream(Measure.values()).map(m -> new MeasureView(m.id,
                        java.util.stream.Stream.concat(java.util.stream.Stream.of("hospital"), m.groups.stream()).toList()))
                .toList(), List.of("day", "week", "month"), statistics.rules().stream()
                .map(r -> new RuleView(r.name(), r.measure().id, r.codes(), r.thresholdPerWeek())).toList());
    }

    /** Flags of the surveillance rules from–to (default: the last 12 weeks). */
    @GetMapping("/alerts")
    public List<StatisticsService.Flag> alerts(@RequestParam(required = false) String from,
                                               @RequestParam(required = false) String to) {
        var end = day(to, "to", LocalDate.now());
        var start = day(from, "from", end.minusWeeks(12));
        try {
            return statistics.flags(start, end).stream().map(f -> new StatisticsService.Flag(f.rule(), f.week(),
                    hospitals.of(f.hospital()), f.count(), f.threshold())).toList();
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }

    /**
     * One measure from–to (yyyy-MM-dd, default the last 30 days) by day, week or month, grouped by hospital, kind,
     * code or chapter (none: one series), of one hospital or some codes (comma-separated, J10* a prefix);
     * {@code format=csv} answers CSV.
     */
    @GetMapping("/{measure}")
    public ResponseEntity<?> measure(@PathVariable String measure, @RequestParam(required = false) String from,
                                     @RequestParam(required = false) String to,
                                     @RequestParam(defaultValue = "day") String by,
                                     @RequestParam(required = false) String group,
                                     @RequestParam(required = false) String hospital,
                                     @RequestParam(required = false) String code,
                                     @RequestParam(defaultValue = "20") int top,
                                     @RequestParam(required = false) String format) {
        var answer = answer(measure, from, to, by, group, hospital, code, top);
        if ("csv".equalsIgnoreCase(format)) {
            return ResponseEntity.ok().contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                    .header("Content-Disposition", "attachment; filename=\"" + answer.measure() + ".csv\"")
                    .body(csv(answer));
        }
        return ResponseEntity.ok(answer);
    }

    /** The answer the page and the API share; a question that cannot be answered is a 400 with the reason. */
    AnswerView answer(String measure, String from, String to, String by, String group, String hospital, String code,
                      int top) {
        var m = Measure.byId(measure).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "No measure '" + abbreviate(measure) + "'; known: "
                        + String.join(", ", Arrays.stream(Measure.values()).map(x -> x.id).toList())));
        Period period;
        try {
            period = Period.valueOf(by.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "by must be day, week or month, not "
                    + abbreviate(by));
        }
        var end = day(to, "to", LocalDate.now());
        var start = day(from, "from", end.minusDays(29));
        var codes = code == null || code.isBlank() ? List.<String>of()
                : Arrays.stream(code.split(",")).map(String::strip).filter(c -> !c.isEmpty()).toList();
        String hospitalCode = hospital == null || hospital.isBlank() ? null : codeOfHospital(hospital.strip());
        try {
            var a = statistics.answer(new StatisticsService.Question(m, start, end, period,
                    group == null || group.isBlank() ? null : group.strip(), hospitalCode, codes,
                    Math.max(1, Math.min(top, 100))));
            var byHospital = "hospital".equals(a.group());
            return new AnswerView(m.id, a.from(), a.to(), period.name().toLowerCase(Locale.ROOT), a.group(), a.periods(),
                    a.series().stream().map(s -> new SeriesView(s.key(), byHospital ? hospitals.of(s.key()) : s.key(),
                            s.counts(), s.total())).toList(), a.total());
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }

    /** A hospital asked for by name or code: the code its counts are kept under. */
    private String codeOfHospital(String hospital) {
        return hospitals.byCode().entrySet().stream().filter(e -> e.getValue().equals(hospital))
                .map(java.util.Map.Entry::getKey).findFirst().orElse(hospital);
    }

    static String csv(AnswerView a) {
        var out = new StringBuilder("period");
        for (var s : a.series()) {
            out.append(',').append(cell(s.label()));
        }
        out.append('\n');
        for (int i = 0; i < a.periods().size(); i++) {
            out.append(a.periods().get(i));
            for (var s : a.series()) {
                out.append(',').append(s.counts().get(i));
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** A CSV cell (RFC 4180 quoting); a leading = + - @ is neutralised so a spreadsheet does not run it as a formula. */
    private static String cell(String v) {
        var s = v == null ? "" : v;
        if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static LocalDate day(String value, String name, LocalDate otherwise) {
        try {
            return QueryValues.day(value, name, otherwise);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }

    private static String abbreviate(String s) {
        return QueryValues.abbreviate(s);
    }
}
