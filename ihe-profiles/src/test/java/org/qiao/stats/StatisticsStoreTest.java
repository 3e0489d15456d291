package org.qiao.stats;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qiao.support.TestDatabase;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counts are exact at any moment: a key's daily row and its deltas not yet rolled up come back as one count, each
 * key once, by day; the hospital and code filters hold; answers group them by period and series.
 */
class StatisticsStoreTest {

    private static final LocalDate D1 = LocalDate.of(2026, 11, 2);
    private static final LocalDate D2 = LocalDate.of(2026, 11, 3);
    private TestDatabase db;
    private StatisticsStore store;

    @BeforeEach
    void setUp() throws Exception {
        db = new TestDatabase();
        store = new StatisticsStore(db.jdbc);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void dailyRowsAndPendingDeltasAddUpPerKey() {
        var m = Measure.DISCHARGE_DIAGNOSES;
        store.add(m, D2, "HOSP_B", "J10.1", 1);
        store.add(m, D1, "HOSP_A", "I10", 1);
        store.add(m, D1, "HOSP_A", "I10", 1);
        store.add(m, D1, "HOSP_A", "J11.1", 1);
        Integer folded = db.tx.execute(s -> store.rollUp());
        assertThat(folded).isEqualTo(4);
        store.add(m, D1, "HOSP_A", "I10", 1);   // pending: added to the daily row of the same key
        store.add(m, D2, "HOSP_A", "I10", 1);   // pending: a key without a daily row yet
        store.add(Measure.VISITS, D1, "HOSP_A", "OUTPATIENT", 1);

        assertThat(store.counts(m, D1, D2, null, null)).containsExactlyInAnyOrder(
                new StatisticsStore.DayCount(D1, "HOSP_A", "I10", 3), new StatisticsStore.DayCount(D1, "HOSP_A", "J11.1", 1),
                new StatisticsStore.DayCount(D2, "HOSP_A", "I10", 1), new StatisticsStore.DayCount(D2, "HOSP_B", "J10.1", 1));
        assertThat(store.counts(m, D1, D2, "HOSP_A", List.of("J1*"))).containsExactlyInAnyOrder(
                new StatisticsStore.DayCount(D1, "HOSP_A", "J11.1", 1));
        assertThat(store.counts(m, D2, D2, null, List.of("I10"))).containsExactlyInAnyOrder(
                new StatisticsStore.DayCount(D2, "HOSP_A", "I10", 1));

        var answer = new StatisticsService(store, db.tx, List.of(), new org.qiao.cluster.JobLocks(db.jdbc)).answer(new StatisticsService.Question(m, D1, D2,
                StatisticsService.Period.DAY, "chapter", null, List.of(), 20));
        assertThat(answer.periods()).containsExactlyInAnyOrder("2026-11-02", "2026-11-03");
        assertThat(answer.series()).containsExactlyInAnyOrder(new StatisticsService.Series("IX", List.of(3L, 1L), 4),
                new StatisticsService.Series("X", List.of(1L, 1L), 2));
        assertThat(answer.total()).isEqualTo(6);
    }

    @Test
    void wholeMonthsComeFromMonthlySumsAndPartMonthsFromDailyRowsWithTheSameAnswer() {
        var m = Measure.DISCHARGE_DIAGNOSES;
        // October 2026 whole, the ends of September and November in part; one count still pending
        for (var day : List.of(LocalDate.of(2026, 9, 29), LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 15),
                LocalDate.of(2026, 10, 31), LocalDate.of(2026, 11, 2), LocalDate.of(2026, 11, 20))) {
            store.add(m, day, "HOSP_A", "I10", 1);
            store.add(m, day, "HOSP_B", "J10.1", 2);
        }
        db.tx.execute(s -> store.rollUp());
        store.add(m, LocalDate.of(2026, 10, 20), "HOSP_A", "I10", 5);
        var from = LocalDate.of(2026, 9, 28);
        var to = LocalDate.of(2026, 11, 10);

        var byMonth = store.counts(m, from, to, null, null, true);
        assertThat(byMonth).contains(new StatisticsStore.DayCount(LocalDate.of(2026, 10, 1), "HOSP_A", "I10", 3 + 5),
                new StatisticsStore.DayCount(LocalDate.of(2026, 9, 29), "HOSP_A", "I10", 1),
                new StatisticsStore.DayCount(LocalDate.of(2026, 11, 2), "HOSP_B", "J10.1", 2));
        assertThat(byMonth.stream().mapToLong(StatisticsStore.DayCount::n).sum()).isEqualTo(5 * 3 + 5);
        assertThat(store.counts(m, from, to, "HOSP_B", List.of("J1*"), true).stream()
                .mapToLong(StatisticsStore.DayCount::n).sum()).isEqualTo(5 * 2);

        var service = new StatisticsService(store, db.tx, List.of(), new org.qiao.cluster.JobLocks(db.jdbc));
        var monthly = service.answer(new StatisticsService.Question(m, from, to, StatisticsService.Period.MONTH,
                "hospital", null, List.of(), 20));
        assertThat(monthly.periods()).containsExactly("2026-09", "2026-10", "2026-11");
        assertThat(monthly.series()).containsExactlyInAnyOrder(new StatisticsService.Series("HOSP_A", List.of(1L, 8L, 1L), 10),
                new StatisticsService.Series("HOSP_B", List.of(2L, 6L, 2L), 10));
        // the same counts day by day, and after the pending count is rolled up
        var daily = service.answer(new StatisticsService.Question(m, from, to, StatisticsService.Period.DAY, null,
                null, List.of(), 20));
        assertThat(daily.total()).isEqualTo(monthly.total());
        db.tx.execute(s -> store.rollUp());
        assertThat(service.answer(new StatisticsService.Question(m, from, to, StatisticsService.Period.MONTH,
                "hospital", null, List.of(), 20)).series()).isEqualTo(monthly.series());
        store.rebuildMonths();
        assertThat(service.answer(new StatisticsService.Question(m, from, to, StatisticsService.Period.MONTH,
                "hospital", null, List.of(), 20)).series()).isEqualTo(monthly.series());
    }
}
