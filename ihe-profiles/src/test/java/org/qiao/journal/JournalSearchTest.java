package org.qiao.journal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qiao.support.TestDatabase;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's reading of the journal: filters, what failed and why, and activity per period. */
class JournalSearchTest {

    private TestDatabase db;
    private MessageJournal journal;

    @BeforeEach
    void setUp() throws Exception {
        db = new TestDatabase();
        journal = new MessageJournal(db.jdbc);
        feed("ITI-8", "ADT^A01", "REG_DESK", "HOSP_A", "C1", "AA", null, "PID|||MRN-1^^^HOSP_A||张^三");
        feed("ITI-8", "ADT^A01", "REG_DESK", "HOSP_A", "C2", "AE", "PID-5 is empty", "PID|||MRN-2^^^HOSP_A");
        feed("ITI-8", "ADT^A01", "REG_DESK", "HOSP_A", "C3", "AE", "PID-5 is empty", "PID|||MRN-3^^^HOSP_A");
        feed("ITI-9", "QBP^Q23", "LAB", "HOSP_B", "C4", "AR", "unknown domain", "QPD|IHE PIX Query|Q1|50%_off");
        feed("ITI-21", "QBP^Q22", "LAB", "HOSP_B", "C5", "AA", null, "QPD|IHE PDQ Query|Q2|@PID.5.1^李");
    }

    @AfterEach
    void tearDown() {
        journal.close();
        db.close();
    }

    private void feed(String transaction, String type, String app, String facility, String controlId, String outcome,
                      String reason, String body) {
        var raw = "MSH|^~\\&|" + app + "|" + facility + "|QIAO|REGION|20261207||" + type + "|" + controlId + "|P|2.5\r" + body;
        journal.record(new InboundMessage("MLLP", transaction, type, app, facility, controlId, "UTF-8", raw),
                outcome, reason, "MSA|" + outcome + "|" + controlId, "AA".equals(outcome) && transaction.equals("ITI-8"));
    }

    private static JournalQuery query() {
        return JournalQuery.newest(100);
    }

    @Test
    void filtersCombineWithAnd() {
        assertThat(journal.search(query())).extracting(JournalEntry::controlId).containsExactly("C5", "C4", "C3", "C2", "C1");
        assertThat(journal.search(new JournalQuery("hosp_b", null, null, null, null, null, null, 100)))
                .extracting(JournalEntry::controlId).containsExactly("C5", "C4");
        assertThat(journal.search(new JournalQuery(null, "ITI-8", "AE", null, null, null, null, 100)))
                .extracting(JournalEntry::controlId).containsExactly("C3", "C2");
        assertThat(journal.search(new JournalQuery(null, null, "FAILED", null, null, null, null, 100)))
                .extracting(JournalEntry::controlId).containsExactly("C4", "C3", "C2");
        assertThat(journal.search(new JournalQuery(null, null, null, null, null, "张^三", null, 100)))
                .extracting(JournalEntry::controlId).containsExactly("C1");
        assertThat(journal.search(new JournalQuery(null, null, null, null, null, "empty", null, 100)))
                .extracting(JournalEntry::controlId).containsExactly("C3", "C2");
        assertThat(journal.search(new JournalQuery(null, null, null, Instant.now().plusSeconds(60), null, null, null, 100)))
                .isEmpty();
        var newest = journal.search(query()).get(0);
        assertThat(journal.search(new JournalQuery(null, null, null, null, null, null, newest.id(), 2)))
                .extracting(JournalEntry::controlId).containsExactly("C4", "C3");
        assertThat(journal.get(newest.id())).get().extracting(JournalEntry::response).isEqualTo("MSA|AA|C5");
    }

    @Test
    void typedWildcardsAndQuotesAreLiteralText() {
        assertThat(journal.search(new JournalQuery(null, null, null, null, null, "50%_off", null, 100)))
                .extracting(JournalEntry::controlId).containsExactly("C4");
        assertThat(journal.search(new JournalQuery(null, null, null, null, null, "%", null, 100)))
                .extracting(JournalEntry::controlId).containsExactly("C4");
        // as a wildcard, _ would have matched the % of 50%_off
        assertThat(journal.search(new JournalQuery(null, null, null, null, null, "50_", null, 100))).isEmpty();
        assertThat(journal.search(new JournalQuery(null, null, null, null, null, "%_o", null, 100)))
                .extracting(JournalEntry::controlId).containsExactly("C4");
        assertThat(journal.search(new JournalQuery("x' OR '1'='1", null, null, null, null, null, null, 100))).isEmpty();
        assertThat(journal.search(new JournalQuery(null, null, null, null, null, "'); DROP TABLE message_journal; --",
                null, 100))).isEmpty();
        assertThat(journal.search(query())).hasSize(5);
    }

    @Test
    void failuresAreGroupedByWhatFailedAndWhy() {
        var failures = journal.failures(Instant.now().minus(1, ChronoUnit.DAYS), 10);
        assertThat(failures).hasSize(2);
        assertThat(failures.get(0).reason()).isEqualTo("PID-5 is empty");
        assertThat(failures.get(0).count()).isEqualTo(2);
        assertThat(failures.get(0).sendingApplication()).isEqualTo("REG_DESK");
        assertThat(failures.get(1).outcome()).isEqualTo("AR");
    }

    @Test
    void activityCountsMessagesAndFailuresPerTransactionAndPeriod() {
        for (boolean hours : new boolean[] {true, false}) {
            var activity = journal.activity(Instant.now().minus(1, ChronoUnit.DAYS), hours);
            assertThat(activity).extracting(JournalActivity::transaction).containsExactlyInAnyOrder("ITI-21", "ITI-8", "ITI-9")
                    .as("all five were written within the same period, unless the test ran across its boundary");
            var iti8 = activity.stream().filter(a -> a.transaction().equals("ITI-8")).toList();
            assertThat(iti8.stream().mapToLong(JournalActivity::messages).sum()).isEqualTo(3);
            assertThat(iti8.stream().mapToLong(JournalActivity::failed).sum()).isEqualTo(2);
            assertThat(iti8.get(0).period().getSecond()).isZero();
        }
        assertThat(journal.transactions()).containsExactly("ITI-21", "ITI-8", "ITI-9");
    }
}
