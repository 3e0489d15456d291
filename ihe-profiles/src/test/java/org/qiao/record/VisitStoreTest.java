package org.qiao.record;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qiao.pix.Identifier;
import org.qiao.support.TestDatabase;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The timeline's visits: those of the identifiers asked, each once, newest first, at most max. */
class VisitStoreTest {

    private TestDatabase db;
    private VisitStore store;

    @BeforeEach
    void setUp() throws Exception {
        db = new TestDatabase();
        store = new VisitStore(new NamedParameterJdbcTemplate(db.jdbc));
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private void visit(Identifier id, Visit.Kind kind, int day, String control) {
        store.insert(id, kind, OffsetDateTime.of(2026, 11, day, 9, 0, 0, 0, ZoneOffset.ofHours(8)), "HOSP_A", "O",
                "V1", null, null, null, control);
    }

    @Test
    void visitsOfSeveralIdentifiersComeNewestFirstEachOnce() {
        var mrn = new Identifier("M1", "hosp-a-mrn");
        var otherMrn = new Identifier("B7", "hosp-b-mrn");
        var sameValueOtherDomain = new Identifier("M1", "hosp-b-mrn");
        visit(mrn, Visit.Kind.OUTPATIENT, 3, "a");
        visit(otherMrn, Visit.Kind.ADMISSION, 5, "b");
        visit(mrn, Visit.Kind.DISCHARGE, 9, "c");
        visit(sameValueOtherDomain, Visit.Kind.OUTPATIENT, 7, "not theirs");
        visit(new Identifier("M2", "hosp-a-mrn"), Visit.Kind.OUTPATIENT, 8, "not theirs either");

        var visits = store.visitsOf(List.of(mrn, otherMrn, mrn), 10);

        assertThat(visits).extracting(Visit::controlId).containsExactly("c", "b", "a");
        assertThat(store.visitsOf(List.of(mrn, otherMrn), 2)).extracting(Visit::controlId).containsExactly("c", "b");
        assertThat(store.visitsOf(List.of(), 10)).isEmpty();
    }
}
