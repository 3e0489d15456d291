package org.qiao.journal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qiao.support.TestDatabase;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/** Entries nobody waits for (queries, refusals) are written later, in batches, and every read sees them. */
class MessageJournalTest {

    private TestDatabase db;
    private MessageJournal journal;

    @BeforeEach
    void setUp() throws Exception {
        db = new TestDatabase();
        journal = new MessageJournal(db.jdbc);
    }

    @AfterEach
    void tearDown() {
        journal.close();
        db.close();
    }

    private static InboundMessage query(String controlId) {
        return new InboundMessage("MLLP", "ITI-21", "QBP^Q22", "REG_DESK", "HOSP_A", controlId, "UTF-8",
                "MSH|^~\\&|REG_DESK|HOSP_A|||20261126||QBP^Q22^QBP_Q21|" + controlId + "|P|2.5");
    }

    @Test
    void entriesQueuedFromManyConnectionsAreAllReadBackWithTheirAnswers() throws Exception {
        var pool = Executors.newFixedThreadPool(8);
        var tasks = new ArrayList<Callable<Void>>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            tasks.add(() -> {
                for (int i = 0; i < 50; i++) {
                    var id = "Q-" + thread + "-" + i;
                    journal.recordLater(query(id), "AA", null, "MSH|...|RSP^K22|\rMSA|AA|" + id);
                }
                return null;
            });
        }
        for (var f : pool.invokeAll(tasks)) {
            f.get();
        }
        pool.shutdown();

        // the read waits for what was queued before it
        var entries = journal.recent(1000);
        assertThat(entries).hasSize(400);
        var ids = new HashSet<String>();
        for (var e : entries) {
            ids.add(e.controlId());
            assertThat(e.transaction()).isEqualTo("ITI-21");
            assertThat(e.outcome()).isEqualTo("AA");
            assertThat(e.response()).endsWith("MSA|AA|" + e.controlId());
        }
        assertThat(ids).hasSize(400);
        assertThat(journal.findByControlId("Q-7-49")).singleElement()
                .satisfies(e -> assertThat(e.raw()).contains("|Q-7-49|"));
    }

    @Test
    void afterCloseEverythingQueuedIsWrittenAndLaterEntriesAreWrittenAtOnce() {
        for (int i = 0; i < 20; i++) {
            journal.recordLater(query("C-" + i), "AR", "unsupported event", "MSA|AR|C-" + i);
        }
        journal.close();
        assertThat(db.jdbc.queryForObject("SELECT COUNT(*) FROM message_journal", Integer.class)).isEqualTo(20);

        journal.recordLater(query("C-late"), "AE", "bad", "MSA|AE|C-late");
        assertThat(db.jdbc.queryForObject("SELECT COUNT(*) FROM message_journal WHERE control_id = 'C-late'",
                Integer.class)).isEqualTo(1);
    }
}
