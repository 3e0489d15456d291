package org.qiao.bench;

import org.qiao.pix.Identifier;
import org.qiao.record.Visit;
import org.qiao.record.VisitRecorder;
import org.qiao.record.VisitStore;
import org.qiao.stats.Measure;
import org.qiao.stats.StatisticsStore;
import org.qiao.stats.Tally;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.PrintStream;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What the console reads beyond BulkLoader's residents and documents (issue 22): the residents' visits and the
 * statistics history. Runs on the stopped engine's store after {@link BulkLoader}.
 *
 * <p>Steps:
 * <ol>
 *   <li>visits through the engine's own VisitRecorder (VisitStore, and a Tally over StatisticsStore), as the ADT
 *       feeds record them: resident n has 2–5 visits in the {@link #DAYS} days up to {@link #LAST_DAY}, at one of
 *       {@link #HOSPITALS} (MSH-4 codes), each an outpatient registration (A04) or, one in four, an admission (A01)
 *       and its discharge (A03) 1–14 days later with 1–3 ICD-10 diagnoses, each counted by the Tally as
 *       InboundResults counts them; keyed by the resident's loaded source identifier (hosp-a-mrn BL…);</li>
 *   <li>one roll-up (StatisticsStore#rollUp) folds the visits' and diagnoses' deltas into stat_daily and
 *       stat_monthly;</li>
 *   <li>the documents measure as RegisterDocumentSetService counts a registration (creation day, author
 *       institution, type display name), summed in SQL over the loaded document entries;</li>
 *   <li>lab results: each lab document taken as a report of an 8-test panel (LOINC), a few per cent of each
 *       test abnormal; the residents measure as the PIX Manager would have counted the load (today, HOSP_A).</li>
 * </ol>
 * Which rows this makes is in {@code bench/CONSOLE-REPORT.md}.
 */
public final class ConsoleLoader {

    /** The last day of the visits' history: the last creation day BulkLoader gives a document (2020-01-01 + 2499). */
    public static final LocalDate LAST_DAY = LocalDate.of(2020, 1, 1).plusDays(2499);
    /** Days of visit history up to {@link #LAST_DAY}. */
    public static final int DAYS = 730;
    /** The hospitals (MSH-4) visits come from; the first three are config/application.yml's, with names there. */
    public static final String[] HOSPITALS = {"HOSP_A", "HOSP_B", "CLINIC_C", "HOSP_D", "HOSP_E", "HOSP_F",
            "CLINIC_G", "CLINIC_H"};
    /** A hospital's share of visits, in tenths of the total over the first ones: bigger hospitals see more. */
    private static final int[] WEIGHT = {24, 18, 10, 14, 12, 10, 6, 6};
    /** Discharge diagnoses (ICD-10, GB/T 14396 texts) drawn from, over most chapters. */
    static final String[][] DIAGNOSES = {{"I10", "原发性高血压"}, {"E11.9", "2型糖尿病"}, {"J18.9", "肺炎"},
            {"J44.9", "慢性阻塞性肺病"}, {"I25.1", "动脉粥样硬化性心脏病"}, {"I63.9", "脑梗死"}, {"K29.7", "胃炎"},
            {"K80.2", "胆囊结石"}, {"N18.9", "慢性肾脏病"}, {"J10.1", "流行性感冒"}, {"J11.1", "流行性感冒"},
            {"A09.9", "胃肠炎"}, {"B18.1", "慢性乙型病毒性肝炎"}, {"C34.9", "肺恶性肿瘤"}, {"C16.9", "胃恶性肿瘤"},
            {"D50.9", "缺铁性贫血"}, {"F32.9", "抑郁发作"}, {"G45.9", "短暂性脑缺血发作"}, {"H25.9", "老年性白内障"},
            {"H81.0", "梅尼埃病"}, {"L03.1", "蜂窝织炎"}, {"M17.9", "膝关节病"}, {"M51.2", "椎间盘移位"},
            {"N39.0", "泌尿道感染"}, {"O80.0", "单胎顺产"}, {"P59.9", "新生儿黄疸"}, {"Q21.1", "房间隔缺损"},
            {"R50.9", "发热"}, {"S72.0", "股骨颈骨折"}, {"T78.4", "过敏"}, {"V89.2", "机动车交通事故"},
            {"Z51.1", "化学治疗"}, {"I48", "心房颤动"}, {"I50.9", "心力衰竭"}, {"E78.5", "高脂血症"},
            {"K35.8", "急性阑尾炎"}, {"J45.9", "哮喘"}, {"N40", "前列腺增生"}, {"E03.9", "甲状腺功能减退症"},
            {"U07.1", "新型冠状病毒感染"}};
    /** The lab panel each lab document is taken to report, and each test's abnormal share in per cent. */
    private static final String[] LAB_CODES = {"718-7", "6690-2", "789-8", "777-3", "2345-7", "2160-0", "1742-6",
            "2093-3"};
    private static final int[] ABNORMAL_PERCENT = {12, 8, 10, 5, 18, 9, 7, 22};

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final StatisticsStore statistics;
    private final VisitRecorder visits;
    private final Tally tally;
    private final PrintStream progress;

    public ConsoleLoader(SingleConnectionDataSource dataSource, PrintStream progress) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.statistics = new StatisticsStore(jdbc);
        this.tally = new Tally(statistics);
        this.visits = new VisitRecorder(new VisitStore(new NamedParameterJdbcTemplate(jdbc)), tally);
        this.progress = progress;
    }

    /** What the load made: visit rows, diagnosis counts and stat_daily rows. */
    public record Made(long visits, long diagnoses, long statisticRows) {
    }

    /** Visits of residents 0 … residents-1 (BulkLoader's numbering) and the statistics; see the class comment. */
    public Made load(long residents, int batch) {
        var bar = new ProgressBar(progress, "visits of residents", residents);
        long[] made = new long[2];
        for (long done = 0; done < residents; ) {
            long from = done;
            long n = Math.min(batch, residents - done);
            tx.executeWithoutResult(s -> {
                for (long r = from; r < from + n; r++) {
                    var c = visitsOf(r);
                    made[0] += c[0];
                    made[1] += c[1];
                }
            });
            done += n;
            bar.update(done);
        }
        bar.finish();
        progress.println("rolling up the visits' statistics");
        statistics.rollUp();
        progress.println("documents and lab results statistics");
        tx.executeWithoutResult(s -> {
            documentStatistics();
            labStatistics();
            jdbc.update("INSERT INTO stat_daily (measure, stat_day, hospital, grp, n) VALUES (?, ?, ?, '', ?)",
                    Measure.RESIDENTS.id, Date.valueOf(LocalDate.now()), "HOSP_A", residents);
            statistics.rebuildMonths(); // the daily rows written above directly, summed by month
        });
        long rows = jdbc.queryForObject("SELECT COUNT(*) FROM stat_daily", Long.class);
        jdbc.execute("ANALYZE"); // the planner's statistics, as BulkLoader does
        return new Made(made[0], made[1], rows);
    }

    /** Resident n's visits, recorded and counted; returns {visit rows, diagnoses}. */
    private long[] visitsOf(long n) {
        var r = new SplittableRandom(n * 0x2545F4914F6CDD1DL + 17);
        var mrn = new Identifier(String.format("BL%010d", n), "hosp-a-mrn");
        int episodes = 2 + r.nextInt(4);
        long rows = 0;
        long diagnoses = 0;
        for (int j = 0; j < episodes; j++) {
            var day = LAST_DAY.minusDays(r.nextInt(DAYS));
            var hospital = hospital(r.nextInt(100));
            var time = hl7(day, 8 + r.nextInt(10), r.nextInt(60));
            var visitNumber = "V" + n + "-" + j;
            var control = "BENCH-" + n + "-" + j;
            if (r.nextInt(4) != 0) {
                visits.record(new VisitRecorder.Reported(mrn, Visit.Kind.OUTPATIENT, time, hospital, "O", visitNumber,
                        "门诊^内科", "D" + (100 + r.nextInt(50)) + "^王^建国", null, control + "-A04"));
                rows++;
                continue;
            }
            visits.record(new VisitRecorder.Reported(mrn, Visit.Kind.ADMISSION, time, hospital, "I", visitNumber,
                    "内科^" + (300 + r.nextInt(40)) + "^1", "D" + (100 + r.nextInt(50)) + "^王^建国", null,
                    control + "-A01"));
            var discharged = day.plusDays(1 + r.nextInt(14));
            discharged = discharged.isAfter(LAST_DAY) ? LAST_DAY : discharged;
            var at = hl7(discharged, 9 + r.nextInt(6), r.nextInt(60));
            int k = 1 + r.nextInt(3);
            var codes = new ArrayList<String[]>();
            for (int i = 0; i < k; i++) {
                var d = DIAGNOSES[r.nextInt(DIAGNOSES.length)];
                if (codes.stream().noneMatch(c -> c[0].equals(d[0]))) {
                    codes.add(d);
                }
            }
            var joined = String.join("~", codes.stream().map(c -> c[0] + "^" + c[1]).toList());
            visits.record(new VisitRecorder.Reported(mrn, Visit.Kind.DISCHARGE, at, hospital, "I", visitNumber, null,
                    "D" + (100 + r.nextInt(50)) + "^王^建国", joined, control + "-A03"));
            // as InboundResults counts an ADT^A03: one per DG1-3 code, on the discharge's day, at its hospital
            for (var c : codes) {
                tally.count(Measure.DISCHARGE_DIAGNOSES, Tally.day(at), hospital, c[0]);
                diagnoses++;
            }
            rows += 2;
        }
        return new long[] {rows, diagnoses};
    }

    private static String hospital(int percentile) {
        int total = 0;
        for (int w : WEIGHT) {
            total += w;
        }
        int at = percentile * total / 100;
        for (int h = 0; h < WEIGHT.length; h++) {
            at -= WEIGHT[h];
            if (at < 0) {
                return HOSPITALS[h];
            }
        }
        return HOSPITALS[HOSPITALS.length - 1];
    }

    /** An HL7 TS without offset (the hospital's local time, read in the engine's zone). */
    private static String hl7(LocalDate day, int hour, int minute) {
        return day.toString().replace("-", "") + String.format("%02d%02d00", hour, minute);
    }

    /**
     * The documents measure of the loaded document entries, as RegisterDocumentSetService counts each: its
     * creation day (BulkLoader's are at 08:00 UTC, the same day in any zone from UTC−8 to UTC+15), its author
     * institution, its type code's display name.
     */
    private void documentStatistics() {
        var day = "CAST(SUBSTRING(creation_time, 1, 4) || '-' || SUBSTRING(creation_time, 5, 2) || '-' || "
                + "SUBSTRING(creation_time, 7, 2) AS DATE)";
        jdbc.update("INSERT INTO stat_daily (measure, stat_day, hospital, grp, n) SELECT ?, " + day
                + ", COALESCE(author_institution, ''), COALESCE(type_display, ''), COUNT(*) FROM xds_object "
                + "WHERE object_type = ? GROUP BY " + day + ", COALESCE(author_institution, ''), "
                + "COALESCE(type_display, '')", Measure.DOCUMENTS.id, "DocumentEntry");
    }

    /** Lab results: each lab document (class LAB-01) a report of the {@link #LAB_CODES} panel. */
    private void labStatistics() {
        var rows = jdbc.queryForList("SELECT SUBSTRING(creation_time, 1, 8) AS d, author_institution AS h, COUNT(*) "
                + "AS n FROM xds_object WHERE object_type = 'DocumentEntry' AND class_code LIKE 'LAB-01%' "
                + "GROUP BY SUBSTRING(creation_time, 1, 8), author_institution");
        var args = new ArrayList<Object[]>();
        for (var row : rows) {
            var d = (String) row.get("d");
            var day = Date.valueOf(LocalDate.of(Integer.parseInt(d.substring(0, 4)), Integer.parseInt(d.substring(4, 6)),
                    Integer.parseInt(d.substring(6, 8))));
            var hospital = row.get("h") == null ? "" : (String) row.get("h");
            long n = ((Number) row.get("n")).longValue();
            for (int i = 0; i < LAB_CODES.length; i++) {
                args.add(new Object[] {Measure.LAB_RESULTS.id, day, hospital, LAB_CODES[i], n});
                long abnormal = n * ABNORMAL_PERCENT[i] / 100;
                if (abnormal > 0) {
                    args.add(new Object[] {Measure.ABNORMAL_LAB_RESULTS.id, day, hospital, LAB_CODES[i], abnormal});
                }
            }
        }
        for (int i = 0; i < args.size(); i += 5000) {
            jdbc.batchUpdate("INSERT INTO stat_daily (measure, stat_day, hospital, grp, n) VALUES (?, ?, ?, ?, ?)",
                    args.subList(i, Math.min(args.size(), i + 5000)));
        }
    }

    /** The measures' stat_daily rows, for the report. */
    public List<String> describe() {
        var out = new ArrayList<String>();
        for (var row : jdbc.queryForList("SELECT measure, COUNT(*) AS r, SUM(n) AS n, MIN(stat_day) AS f, "
                + "MAX(stat_day) AS t FROM stat_daily GROUP BY measure ORDER BY measure")) {
            out.add(String.format("| %s | %d | %d | %s – %s |", row.get("measure"), ((Number) row.get("r")).longValue(),
                    ((Number) row.get("n")).longValue(), row.get("f"), row.get("t")));
        }
        return out;
    }
}
