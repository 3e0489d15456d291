package org.qiao.audit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qiao.support.TestDatabase;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openehealth.ipf.commons.audit.server.support.SyslogConstants.EXCEPTIONS;
import static org.openehealth.ipf.commons.audit.server.support.SyslogConstants.HEADER_APP_NAME;
import static org.openehealth.ipf.commons.audit.server.support.SyslogConstants.HEADER_HOST_NAME;
import static org.openehealth.ipf.commons.audit.server.support.SyslogConstants.HEADER_MSG_ID;
import static org.openehealth.ipf.commons.audit.server.support.SyslogConstants.HEADER_TIMESTAMP;
import static org.openehealth.ipf.commons.audit.server.support.SyslogConstants.MESSAGE;
import static org.openehealth.ipf.commons.audit.server.support.SyslogConstants.RAW_MESSAGE;
import static org.openehealth.ipf.commons.audit.server.support.SyslogConstants.REMOTE_HOST;
import static org.openehealth.ipf.commons.audit.server.support.SyslogConstants.REMOTE_IP;
import static org.openehealth.ipf.commons.audit.server.support.SyslogConstants.REMOTE_PORT;
import static org.qiao.audit.AuditSamples.PATIENT_A;
import static org.qiao.audit.AuditSamples.PATIENT_B;

/** The audit record repository on a real store: parsing, storing what cannot be parsed, and every search filter. */
class AuditStoreTest {

    private TestDatabase db;
    private AuditRecordRepository arr;
    private long iti8;
    private long iti18;
    private long iti43;

    @BeforeEach
    void setUp() throws Exception {
        db = new TestDatabase();
        arr = new AuditRecordRepository(new AuditStore(db.jdbc, db.tx), new AuditMessageReader());
        iti8 = arr.receive(syslog(AuditSamples.iti8("2025-03-01T08:00:00.000Z", PATIENT_A), "pix-host"), "UDP").id();
        iti18 = arr.receive(syslog(AuditSamples.iti18("2025-03-01T09:30:00+08:00", PATIENT_A), "ehr-b"), "TLS").id();
        iti43 = arr.receive(syslog(AuditSamples.iti43("2025-03-02T10:00:00.000Z", PATIENT_B, 4), "repo"), "UDP").id();
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void aBatchIsStoredInOneGoWithEachMessageItsOwnRecordInOrder() {
        var receipts = arr.receiveAll(List.of(
                new AuditRecordRepository.Incoming(syslog(AuditSamples.iti8("2025-04-01T08:00:00.000Z", PATIENT_B),
                        "pix-host"), "UDP"),
                new AuditRecordRepository.Incoming(Map.of(), "UDP"),
                new AuditRecordRepository.Incoming(syslog(AuditSamples.iti18("2025-04-01T08:00:01.000Z", PATIENT_B),
                        "ehr-b"), "TLS")));
        assertThat(receipts).hasSize(3);
        assertThat(receipts.get(0).readable()).isTrue();
        assertThat(receipts.get(1).readable()).isFalse();
        assertThat(receipts.get(0).id()).isLessThan(receipts.get(1).id());
        assertThat(receipts.get(1).id()).isLessThan(receipts.get(2).id());
        assertThat(arr.get(receipts.get(2).id()).orElseThrow().eventTypes().get(0).code()).isEqualTo("ITI-18");
        assertThat(arr.get(receipts.get(1).id()).orElseThrow().parseError()).contains("not RFC 5424");
        // participants and event types are stored in one batch for all records: each under its own record
        assertThat(arr.get(receipts.get(0).id()).orElseThrow().eventTypes()).extracting(t -> t.code())
                .containsExactly("ITI-8");
        assertThat(arr.get(receipts.get(1).id()).orElseThrow().eventTypes()).isEmpty();
        assertThat(arr.get(receipts.get(1).id()).orElseThrow().participants()).isEmpty();
        var first = arr.get(receipts.get(0).id()).orElseThrow();
        assertThat(first.values(AuditParticipant.Kind.PATIENT)).containsExactly(PATIENT_B);
        assertThat(first.participants()).hasSameSizeAs(arr.get(iti8).orElseThrow().participants());
    }

    @Test
    void theEnginesOwnMessagesAreReadFromIpfsModelAndStoredWithTheSameFields() {
        var xml = AuditSamples.iti18("2025-03-01T09:30:00+08:00", PATIENT_A);
        var model = new org.openehealth.ipf.commons.audit.unmarshal.dicom.DICOMAuditParser().parse(xml, false);
        var at = Instant.parse("2025-03-01T01:30:02Z");
        var receipts = arr.receiveAll(List.of(AuditRecordRepository.Incoming.local(
                AuditRecordRepository.local(model, xml, "qiao.example", "QIAO", at))));
        var local = arr.get(receipts.get(0).id()).orElseThrow();
        var parsed = arr.get(iti18).orElseThrow();
        assertThat(local.transport()).isEqualTo("LOCAL");
        assertThat(local.sender()).isNull();
        assertThat(local.syslogHost()).isEqualTo("qiao.example");
        assertThat(local.syslogTimestamp()).isEqualTo(at);
        assertThat(local.parseError()).isNull();
        assertThat(local.raw()).isEqualTo(xml);
        assertThat(local.eventId()).isEqualTo(parsed.eventId());
        assertThat(local.eventTypes()).isEqualTo(parsed.eventTypes());
        assertThat(local.eventDateTime()).isEqualTo(parsed.eventDateTime());
        assertThat(local.patients()).isEqualTo(parsed.patients());
        assertThat(local.users()).containsExactlyInAnyOrderElementsOf(parsed.users());
        assertThat(local.nodes()).containsExactlyInAnyOrderElementsOf(parsed.nodes());
        assertThat(local.objects()).isEqualTo(parsed.objects());
        assertThat(arr.search(new AuditQuery(null, null, PATIENT_A, null, null, null, "ITI-18", null, 10)))
                .extracting(StoredAudit::id).contains(local.id(), iti18);
    }

    @Test
    void aDicomMessageIsParsedIntoSearchableFields() {
        var r = arr.get(iti18).orElseThrow();
        assertThat(r.parseError()).isNull();
        assertThat(r.transport()).isEqualTo("TLS");
        assertThat(r.sender()).isEqualTo("10.2.2.7:40514");
        assertThat(r.syslogHost()).isEqualTo("ehr-b");
        assertThat(r.syslogApp()).isEqualTo("IPF");
        assertThat(r.syslogMsgId()).isEqualTo("IHE+RFC-3881");
        assertThat(r.syslogTimestamp()).isEqualTo(Instant.parse("2025-03-01T01:30:01Z"));
        assertThat(r.eventId()).isEqualTo(new AuditCode("110112", "DCM", "Query"));
        assertThat(r.eventTypes()).containsExactly(new AuditCode("ITI-18", "IHE Transactions", "Registry Stored Query"));
        assertThat(r.action()).isEqualTo("E");
        assertThat(r.outcome()).isZero();
        assertThat(r.eventDateTime()).isEqualTo(Instant.parse("2025-03-01T01:30:00Z"));
        assertThat(r.sourceId()).isEqualTo("hosp-b-ehr");
        assertThat(r.patients()).containsExactly(PATIENT_A);
        assertThat(r.users()).containsExactlyInAnyOrder("http://www.w3.org/2005/08/addressing/anonymous", "9021",
                "dr.wang", "Wang Li<wang@hosp-b.example>", "https://qiao.example/services/xds-iti18");
        assertThat(r.nodes()).containsExactlyInAnyOrder("10.2.2.7", "qiao.example");
        assertThat(r.objects()).containsExactly("urn:uuid:14d4debf-8f97-4251-9a74-a90016b0af0d");
        assertThat(r.raw()).startsWith("<?xml").contains("<EventTypeCode csd-code=\"ITI-18\"");

        var export = arr.get(iti43).orElseThrow();
        assertThat(export.action()).isEqualTo("R");
        assertThat(export.outcome()).isEqualTo(4);
        assertThat(export.patients()).containsExactly(PATIENT_B);
        assertThat(export.objects()).containsExactly("2.16.156.10011.0.99.5.77");
        assertThat(arr.get(999_999)).isEmpty();
    }

    @Test
    void searchesByTimeRangeFromInclusiveToExclusive() {
        assertThat(ids(AuditQuery.all())).containsExactly(iti43, iti8, iti18); // newest event first
        assertThat(ids(AuditQuery.all().from(Instant.parse("2025-03-01T08:00:00Z")))).containsExactly(iti43, iti8);
        assertThat(ids(AuditQuery.all().to(Instant.parse("2025-03-01T08:00:00Z")))).containsExactly(iti18);
        assertThat(ids(AuditQuery.all().from(Instant.parse("2025-03-01T00:00:00Z"))
                .to(Instant.parse("2025-03-02T00:00:00Z")))).containsExactly(iti8, iti18);
        assertThat(ids(AuditQuery.all().from(Instant.parse("2025-04-01T00:00:00Z")))).isEmpty();
    }

    @Test
    void searchesByPatientAsSentOrByBareId() {
        assertThat(ids(AuditQuery.all().patient(PATIENT_A))).containsExactly(iti8, iti18);
        assertThat(ids(AuditQuery.all().patient(PATIENT_B))).containsExactly(iti43);
        assertThat(ids(AuditQuery.all().patient("456"))).containsExactly(iti43);
        assertThat(ids(AuditQuery.all().patient("45"))).isEmpty();
        assertThat(ids(AuditQuery.all().patient("123^^^&9.9.9&ISO"))).isEmpty();
        assertThat(ids(AuditQuery.all().patient("%"))).isEmpty(); // LIKE wildcards are plain characters
    }

    @Test
    void searchesByUserIdAlternativeIdOrName() {
        assertThat(ids(AuditQuery.all().user("dr.wang"))).containsExactly(iti18);
        assertThat(ids(AuditQuery.all().user("Wang Li<wang@hosp-b.example>"))).containsExactly(iti18);
        assertThat(ids(AuditQuery.all().user("4711"))).containsExactly(iti8);
        assertThat(ids(AuditQuery.all().user("http://www.w3.org/2005/08/addressing/anonymous")))
                .containsExactly(iti43, iti18);
        assertThat(ids(AuditQuery.all().user("nobody"))).isEmpty();
    }

    @Test
    void searchesByNodeAddressOrAuditSource() {
        assertThat(ids(AuditQuery.all().node("10.9.9.1"))).containsExactly(iti43, iti8);
        assertThat(ids(AuditQuery.all().node("10.2.2.7"))).containsExactly(iti18);
        assertThat(ids(AuditQuery.all().node("qiao-repo"))).containsExactly(iti43);
        assertThat(ids(AuditQuery.all().node("10.0.0.0"))).isEmpty();
    }

    @Test
    void searchesByEventIdEventTypeAndOutcome() {
        assertThat(ids(AuditQuery.all().eventId("110110"))).containsExactly(iti8);
        assertThat(ids(AuditQuery.all().eventId("110106"))).containsExactly(iti43);
        assertThat(ids(AuditQuery.all().eventType("ITI-18"))).containsExactly(iti18);
        assertThat(ids(AuditQuery.all().eventType("ITI-43"))).containsExactly(iti43);
        assertThat(ids(AuditQuery.all().outcome(4))).containsExactly(iti43);
        assertThat(ids(AuditQuery.all().outcome(0))).containsExactly(iti8, iti18);
        assertThat(ids(AuditQuery.all().outcome(8))).isEmpty();
    }

    @Test
    void filtersCombineWithAndCountAgreesAndLimitCuts() {
        var q = AuditQuery.all().patient(PATIENT_A).user("dr.wang").eventType("ITI-18").outcome(0)
                .from(Instant.parse("2025-03-01T00:00:00Z"));
        assertThat(ids(q)).containsExactly(iti18);
        assertThat(arr.count(q)).isEqualTo(1);
        assertThat(ids(q.eventType("ITI-8"))).isEmpty();
        assertThat(arr.count(AuditQuery.all())).isEqualTo(3);
        assertThat(arr.count(AuditQuery.all().patient(PATIENT_A))).isEqualTo(2);
        assertThat(ids(AuditQuery.all().limit(2))).containsExactly(iti43, iti8);
        // search results leave the XML out; the record by id has it
        assertThat(arr.search(AuditQuery.all()).get(0).raw()).isNull();
    }

    @Test
    void anOldRfc3881MessageIsReadToo() {
        var id = arr.receive(syslog(AuditSamples.rfc3881Iti9("2025-03-03T12:00:00", "789^^^&1.2.3&ISO"), "lis"), "UDP").id();
        var r = arr.get(id).orElseThrow();
        assertThat(r.parseError()).isNull();
        assertThat(r.eventId()).isEqualTo(new AuditCode("110112", "DCM", "Query"));
        assertThat(r.eventTypes()).extracting(AuditCode::code).containsExactly("ITI-9");
        assertThat(r.eventDateTime()).isEqualTo(Instant.parse("2025-03-03T12:00:00Z")); // no zone: UTC
        assertThat(ids(AuditQuery.all().patient("789"))).containsExactly(id);
        assertThat(ids(AuditQuery.all().node("10.4.4.4"))).containsExactly(id);
        assertThat(r.raw()).contains("code=\"ITI-9\""); // stored as sent, not as converted
    }

    @Test
    void whatCannotBeReadIsStoredWithTheReason() {
        // syslog fine, MSG not an audit message
        var notXml = arr.receive(syslog("hello world", "node-x"), "UDP");
        // not RFC 5424 at all: IPF's decoder hands over the raw frame and its exception
        var frame = new HashMap<String, Object>(Map.of(RAW_MESSAGE, "<13>Mar  1 08:00:00 garbage\0here",
                EXCEPTIONS, new IllegalArgumentException("Syslog message does not match RFC 5424 format"),
                REMOTE_IP, "10.7.7.7", REMOTE_PORT, 5000));
        var garbage = arr.receive(frame, "UDP");
        // an entity-expansion attempt is refused before any XML parser sees it
        var doctype = arr.receive(syslog("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x \"y\">]><AuditMessage/>", "n"), "TLS");
        // XML, but missing what an audit message must have
        var incomplete = arr.receive(syslog("<AuditMessage><EventIdentification/></AuditMessage>", "n"), "TLS");

        assertThat(List.of(notXml, garbage, doctype, incomplete)).noneMatch(AuditRecordRepository.Receipt::readable);
        var g = arr.get(garbage.id()).orElseThrow();
        assertThat(g.raw()).isEqualTo("<13>Mar  1 08:00:00 garbage\u2400here");
        assertThat(g.parseError()).contains("not RFC 5424 syslog").contains("no audit message XML");
        assertThat(g.sender()).isEqualTo("10.7.7.7:5000");
        assertThat(g.eventId()).isNull();
        assertThat(g.outcome()).isNull();
        assertThat(arr.get(notXml.id()).orElseThrow().parseError()).isEqualTo("no audit message XML");
        assertThat(arr.get(doctype.id()).orElseThrow().parseError()).contains("DOCTYPE");
        assertThat(arr.get(incomplete.id()).orElseThrow().parseError()).startsWith("not a DICOM audit message");
        // unread records are found by reception time and listed, but by no event filter
        assertThat(arr.count(AuditQuery.all())).isEqualTo(7);
        assertThat(arr.count(AuditQuery.all().from(Instant.now().minusSeconds(60)))).isEqualTo(4);
        assertThat(arr.count(AuditQuery.all().outcome(0))).isEqualTo(2);
    }

    @Test
    void anAuditMessageBehindAForeignSyslogHeaderIsStillRead() {
        // an RFC 3164 sender: IPF's RFC 5424 parser fails, the XML after the header is read anyway
        var frame = new HashMap<String, Object>(Map.of(
                RAW_MESSAGE, "<85>Mar  1 08:00:00 oldhost atna: " + AuditSamples.iti8("2025-03-05T00:00:00Z", "5^^^&1.2.3&ISO"),
                EXCEPTIONS, new IllegalArgumentException("Syslog message does not match RFC 5424 format")));
        var receipt = arr.receive(frame, "UDP");
        assertThat(receipt.readable()).isTrue();
        assertThat(ids(AuditQuery.all().patient("5"))).containsExactly(receipt.id());
        // plain text without any syslog map
        var plain = arr.receive(AuditSamples.iti8("2025-03-06T00:00:00Z", "6^^^&1.2.3&ISO"), "TLS", "10.1.1.1:999");
        assertThat(arr.get(plain.id()).orElseThrow().patients()).containsExactly("6^^^&1.2.3&ISO");
    }

    private List<Long> ids(AuditQuery q) {
        var found = arr.search(q).stream().map(StoredAudit::id).toList();
        if (found.size() < q.limit()) {
            assertThat(arr.count(q)).as("count agrees with search").isEqualTo(found.size());
        }
        return found;
    }

    /** A syslog map as IPF's RFC 5424 decoder makes it (timestamp one second after the event). */
    private static Map<String, Object> syslog(String msg, String host) {
        var map = new HashMap<String, Object>();
        map.put(HEADER_HOST_NAME, host);
        map.put(HEADER_APP_NAME, "IPF");
        map.put(HEADER_MSG_ID, "IHE+RFC-3881");
        map.put(HEADER_TIMESTAMP, Instant.parse("2025-03-01T01:30:01Z"));
        map.put(MESSAGE, msg);
        map.put(REMOTE_HOST, "ehr-b.example");
        map.put(REMOTE_IP, "10.2.2.7");
        map.put(REMOTE_PORT, 40514);
        return map;
    }
}
