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

        assertThat(store.counts(m, D1, D2, null, null)).containsExactly(
                new StatisticsStore.DayCount(D1, "HOSP_A", "I10", 3), new StatisticsStore.DayCount(D1, "HOSP_A", "J11.1", 1),
                new StatisticsStore.DayCount(D2, "HOSP_A", "I10", 1), new StatisticsStore.DayCount(D2, "HOSP_B", "J10.1", 1));
        assertThat(store.counts(m, D1, D2, "HOSP_A", List.of("J1*"))).containsExactly(
                new StatisticsStore.DayCount(D1, "HOSP_A", "J11.1", 1));
        assertThat(store.counts(m, D2, D2, null, List.of("I10"))).containsExactly(
                new StatisticsStore.DayCount(D2, "HOSP_A", "I10", 1));

        var answer = new StatisticsService(store, db.tx, List.of()).answer(new StatisticsService.Question(m, D1, D2,
                StatisticsService.Period.DAY, "chapter", null, List.of(), 20));
        assertThat(answer.periods()).containsExactly("2026-11-02", "2026-11-03");
        assertThat(answer.series()).containsExactly(new StatisticsService.Series("IX", List.of(3L, 1L), 4),
                new StatisticsService.Series("X", List.of(1L, 1L), 2));
        assertThat(answer.total()).isEqualTo(6);
    }
}
