package org.qiao.conformance.v3;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qiao.conformance.support.EngineTestSupport;
import org.qiao.conformance.support.Hl7;
import org.qiao.conformance.support.Mllp;
import org.w3c.dom.Document;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.qiao.conformance.v3.V3Client.ADD;
import static org.qiao.conformance.v3.V3Client.HEALTH_CARD;
import static org.qiao.conformance.v3.V3Client.HOSP_A;
import static org.qiao.conformance.v3.V3Client.HOSP_B;
import static org.qiao.conformance.v3.V3Client.MERGE;
import static org.qiao.conformance.v3.V3Client.NATIONAL_ID;
import static org.qiao.conformance.v3.V3Client.QUERY;
import static org.qiao.conformance.v3.V3Client.REGIONAL;
import static org.qiao.conformance.v3.V3Client.REVISE;
import static org.qiao.conformance.v3.V3Client.id;
import static org.qiao.conformance.v3.V3Client.ids;
import static org.qiao.conformance.v3.V3Client.text;

/**
 * The PIX Manager's HL7 v3 doors (ITI-44 feed, ITI-45 query, ITI TF-2b) at the wire, sharing one patient index
 * with the HL7 v2 doors (ITI-8, ITI-9): what is fed in one version is answered in the other.
 */
class PixV3Test extends EngineTestSupport {

    private static final String FEED = "pixv3-iti44";
    private static final String PIX_QUERY = "pixv3-iti45";
    private static final String PATIENT_IDS = "/soap:Envelope/soap:Body/*/hl7:controlActProcess/hl7:subject"
            + "/hl7:registrationEvent/hl7:subject1/hl7:patient/hl7:id";

    private static V3Client client;

    @BeforeAll
    static void client() {
        client = new V3Client(engine);
    }

    @Test
    void aPatientFedInHl7v2IsFoundByAPixV3Query() throws Exception {
        var mrn = Hl7.unique("V2A");
        var nationalId = Hl7.unique("5101");
        var ack = Mllp.exchange(engine.mllpPort, Hl7.adt("A01", Hl7.controlId(),
                mrn + "^^^" + Hl7.HOSP_A + "~" + nationalId + "^^^" + Hl7.NATIONAL_ID, "李", "娜"));
        assertThat(Hl7.field(ack, "MSA", 1)).isEqualTo("AA");

        // with curl, as an integrator would
        var all = query(true, HOSP_A, mrn);
        assertThat(text(all, "//hl7:acknowledgement/hl7:typeCode/@code")).isEqualTo("AA");
        assertThat(text(all, "//hl7:queryAck/hl7:queryResponseCode/@code")).isEqualTo("OK");
        var found = ids(all, PATIENT_IDS);
        assertThat(found).hasSize(2).contains(NATIONAL_ID + "^" + nationalId)
                .noneMatch(i -> i.equals(HOSP_A + "^" + mrn));
        assertThat(found).anyMatch(i -> i.startsWith(REGIONAL + "^QR"));
        // the query is echoed, and the answer is addressed back to the sender's device
        assertThat(text(all, "//hl7:controlActProcess/hl7:queryByParameter/hl7:parameterList/hl7:patientIdentifier/hl7:value/@extension"))
                .isEqualTo(mrn);
        assertThat(text(all, "//hl7:queryAck/hl7:queryId/@extension"))
                .isEqualTo(text(all, "//hl7:controlActProcess/hl7:queryByParameter/hl7:queryId/@extension"));
        assertThat(text(all, "/soap:Envelope/soap:Body/*/hl7:receiver/hl7:device/hl7:id/@root")).isEqualTo(HOSP_A + ".9");

        // the same regional id as the HL7 v2 query answers
        var v2 = Mllp.exchange(engine.mllpPort, Hl7.q23(Hl7.controlId(), mrn + "^^^" + Hl7.HOSP_A, ""));
        var regionalV2 = Hl7.pid3(v2).stream().filter(c -> c.contains("QIAO")).findFirst().orElseThrow();
        assertThat(found).contains(REGIONAL + "^" + regionalV2.substring(0, regionalV2.indexOf('^')));

        // dataSource narrows the answer to the requested domains
        var national = query(false, HOSP_A, mrn, NATIONAL_ID);
        assertThat(ids(national, PATIENT_IDS)).containsExactly(NATIONAL_ID + "^" + nationalId);
        // a requested domain with nothing in it: AA, NF, no subject
        var none = query(false, HOSP_A, mrn, HEALTH_CARD);
        assertThat(text(none, "//hl7:acknowledgement/hl7:typeCode/@code")).isEqualTo("AA");
        assertThat(text(none, "//hl7:queryAck/hl7:queryResponseCode/@code")).isEqualTo("NF");
        assertThat(ids(none, PATIENT_IDS)).isEmpty();
    }

    @Test
    void aPatientFedInHl7v3IsFoundByAnHl7v2PixQueryAndARevisionLinksMore() throws Exception {
        var mrn = Hl7.unique("V3B");
        var nationalId = Hl7.unique("5102");
        var add = feed(ADD, List.of(id(HOSP_B, mrn)), List.of(id(NATIONAL_ID, nationalId)), "王", "芳");
        assertThat(text(add, "local-name(/soap:Envelope/soap:Body/*)")).isEqualTo("MCCI_IN000002UV01");
        assertThat(text(add, "//hl7:acknowledgement/hl7:typeCode/@code")).isEqualTo("AA");

        var v2 = Mllp.exchange(engine.mllpPort, Hl7.q23(Hl7.controlId(), mrn + "^^^" + Hl7.HOSP_B, ""));
        assertThat(Hl7.field(v2, "MSA", 1)).isEqualTo("AA");
        assertThat(Hl7.pid3(v2)).contains(nationalId + "^^^" + Hl7.NATIONAL_ID).anyMatch(c -> c.contains("QIAO"));

        // the revision brings a health card: one more identifier of the same person, for both versions
        var card = Hl7.unique("HC");
        var revise = feed(REVISE, List.of(id(HOSP_B, mrn)),
                List.of(id(NATIONAL_ID, nationalId), id(HEALTH_CARD, card)), "王", "芳");
        assertThat(text(revise, "//hl7:acknowledgement/hl7:typeCode/@code")).isEqualTo("AA");
        v2 = Mllp.exchange(engine.mllpPort, Hl7.q23(Hl7.controlId(), card + "^^^" + Hl7.HEALTH_CARD, ""));
        assertThat(Hl7.pid3(v2)).contains(mrn + "^^^" + Hl7.HOSP_B, nationalId + "^^^" + Hl7.NATIONAL_ID);
        assertThat(ids(query(false, HEALTH_CARD, card), PATIENT_IDS))
                .contains(HOSP_B + "^" + mrn, NATIONAL_ID + "^" + nationalId);
    }

    /**
     * ITI-45 lists the ids of one domain together, as ITI-9 does (ITI TF-2a 3.9.4.2.2.6 Case 6): two HOSP_A MRNs
     * of one person, assigned with other ids in between, come as successive patient/ids in assignment order.
     */
    @Test
    void severalIdsOfOneDomainComeTogetherInAssignmentOrder() throws Exception {
        var nationalId = Hl7.unique("5103");
        var a1 = Hl7.unique("V3A");
        var b1 = Hl7.unique("V3B");
        var a2 = Hl7.unique("V3A");
        for (var pid3 : List.of(a1 + "^^^" + Hl7.HOSP_A, b1 + "^^^" + Hl7.HOSP_B, a2 + "^^^" + Hl7.HOSP_A)) {
            var ack = Mllp.exchange(engine.mllpPort, Hl7.adt("A01", Hl7.controlId(),
                    pid3 + "~" + nationalId + "^^^" + Hl7.NATIONAL_ID, "周", "七"));
            assertThat(Hl7.field(ack, "MSA", 1)).as(ack).isEqualTo("AA");
            Thread.sleep(20); // a later assignment time for each feed
        }
        var found = ids(query(false, HOSP_B, b1), PATIENT_IDS);
        assertThat(found).hasSize(4).contains(NATIONAL_ID + "^" + nationalId);
        assertThat(found.indexOf(HOSP_A + "^" + a2)).isEqualTo(found.indexOf(HOSP_A + "^" + a1) + 1);
        assertThat(Hl7.runs(found, id -> id.substring(0, id.indexOf('^')))).as("roots of " + found)
                .doesNotHaveDuplicates();
        // filtered by dataSource: just the two, in order
        assertThat(ids(query(false, NATIONAL_ID, nationalId, HOSP_A), PATIENT_IDS))
                .containsExactly(HOSP_A + "^" + a1, HOSP_A + "^" + a2);
    }

    @Test
    void aMergeInHl7v3IsSeenByBothVersions() throws Exception {
        var survivor = Hl7.unique("V3S");
        var retired = Hl7.unique("V3R");
        var card = Hl7.unique("HC");
        assertThat(ack(feed(ADD, List.of(id(HOSP_A, survivor)), List.of(), "赵", "强"))).isEqualTo("AA");
        assertThat(ack(feed(ADD, List.of(id(HOSP_A, retired)), List.of(id(HEALTH_CARD, card)), "赵", "强")))
                .isEqualTo("AA");

        var merge = client.http(FEED, V3Client.action(MERGE), client.envelope(FEED, MERGE,
                V3Client.feed(MERGE, UUID.randomUUID().toString(), List.of(id(HOSP_A, survivor)), List.of(), "赵", "强",
                        id(HOSP_A, retired))));
        assertThat(ack(merge.xml())).as(merge.body()).isEqualTo("AA");

        // the retired id is answered for by neither version any more
        var v3Retired = query(false, HOSP_A, retired);
        assertThat(text(v3Retired, "//hl7:acknowledgement/hl7:typeCode/@code")).isEqualTo("AE");
        assertThat(text(v3Retired, "//hl7:acknowledgementDetail/hl7:code/@code")).isEqualTo("204");
        var v2Retired = Mllp.exchange(engine.mllpPort, Hl7.q23(Hl7.controlId(), retired + "^^^" + Hl7.HOSP_A, ""));
        assertThat(Hl7.field(v2Retired, "MSA", 1)).isEqualTo("AE");
        // its cross-references moved to the survivor
        assertThat(ids(query(false, HOSP_A, survivor), PATIENT_IDS)).contains(HEALTH_CARD + "^" + card);
        var v2Survivor = Mllp.exchange(engine.mllpPort, Hl7.q23(Hl7.controlId(), survivor + "^^^" + Hl7.HOSP_A, ""));
        assertThat(Hl7.pid3(v2Survivor)).contains(card + "^^^" + Hl7.HEALTH_CARD);
    }

    @Test
    void aMergeInHl7v2IsSeenByAPixV3Query() throws Exception {
        var survivor = Hl7.unique("V2S");
        var retired = Hl7.unique("V2R");
        var nationalId = Hl7.unique("5103");
        assertThat(Hl7.field(Mllp.exchange(engine.mllpPort, Hl7.adt("A01", Hl7.controlId(),
                survivor + "^^^" + Hl7.HOSP_A, "孙", "丽")), "MSA", 1)).isEqualTo("AA");
        assertThat(Hl7.field(Mllp.exchange(engine.mllpPort, Hl7.adt("A01", Hl7.controlId(),
                retired + "^^^" + Hl7.HOSP_A + "~" + nationalId + "^^^" + Hl7.NATIONAL_ID, "孙", "丽")), "MSA", 1))
                .isEqualTo("AA");
        assertThat(Hl7.field(Mllp.exchange(engine.mllpPort, Hl7.a40(Hl7.controlId(), survivor + "^^^" + Hl7.HOSP_A,
                retired + "^^^" + Hl7.HOSP_A, "孙", "丽")), "MSA", 1)).isEqualTo("AA");

        assertThat(text(query(true, HOSP_A, retired), "//hl7:acknowledgementDetail/hl7:code/@code")).isEqualTo("204");
        assertThat(ids(query(true, HOSP_A, survivor), PATIENT_IDS)).contains(NATIONAL_ID + "^" + nationalId);
    }

    @Test
    void queryErrorsAreAnsweredWithAeAndTheLocationOfTheParameter() throws Exception {
        var parameters = "/PRPA_IN201309UV02/controlActProcess/queryByParameter/parameterList/";
        // unknown patient (ITI TF-2b 3.45.4.2.3 case 3)
        var unknown = query(true, HOSP_A, Hl7.unique("NOBODY"));
        assertThat(text(unknown, "//hl7:acknowledgement/hl7:typeCode/@code")).isEqualTo("AE");
        assertThat(text(unknown, "//hl7:queryAck/hl7:queryResponseCode/@code")).isEqualTo("AE");
        assertThat(text(unknown, "//hl7:acknowledgementDetail/hl7:code/@code")).isEqualTo("204");
        assertThat(text(unknown, "//hl7:acknowledgementDetail/hl7:code/@codeSystem")).isEqualTo("2.16.840.1.113883.12.357");
        assertThat(text(unknown, "//hl7:acknowledgementDetail/hl7:location")).isEqualTo(parameters + "patientIdentifier/value");
        assertThat(ids(unknown, PATIENT_IDS)).isEmpty();

        // unknown domain of the queried id (case 4)
        var domain = query(false, "1.2.3.999", "X1");
        assertThat(text(domain, "//hl7:queryAck/hl7:queryResponseCode/@code")).isEqualTo("AE");
        assertThat(text(domain, "//hl7:acknowledgementDetail/hl7:code/@code")).isEqualTo("204");
        assertThat(text(domain, "//hl7:acknowledgementDetail/hl7:text")).contains("1.2.3.999");

        // an unknown data source domain (case 5), located by its position among the dataSource parameters
        var mrn = Hl7.unique("V2E");
        Mllp.exchange(engine.mllpPort, Hl7.adt("A01", Hl7.controlId(), mrn + "^^^" + Hl7.HOSP_A, "周", "杰"));
        var source = query(false, HOSP_A, mrn, NATIONAL_ID, "1.2.3.998");
        assertThat(text(source, "//hl7:acknowledgement/hl7:typeCode/@code")).isEqualTo("AE");
        assertThat(text(source, "//hl7:acknowledgementDetail/hl7:location")).isEqualTo(parameters + "dataSource[2]/value");
    }

    @Test
    void feedErrorsAreAnsweredWithAeAndChangeNothing() throws Exception {
        var mrn = Hl7.unique("V3E");
        // an id in a domain the region does not know
        var unknownDomain = feed(ADD, List.of(id(HOSP_A, mrn)), List.of(id("1.2.3.997", "Z9")), "吴", "敏");
        assertThat(ack(unknownDomain)).isEqualTo("AE");
        assertThat(text(unknownDomain, "//hl7:acknowledgementDetail/hl7:code/@code")).isEqualTo("204");
        assertThat(text(unknownDomain, "//hl7:acknowledgementDetail/hl7:location"))
                .endsWith("/patientPerson/asOtherIDs[1]/id[1]");
        assertThat(text(query(false, HOSP_A, mrn), "//hl7:acknowledgementDetail/hl7:code/@code")).isEqualTo("204");

        // merging an id nobody knows
        assertThat(ack(feed(ADD, List.of(id(HOSP_A, mrn)), List.of(), "吴", "敏"))).isEqualTo("AA");
        var ghost = Hl7.unique("GHOST");
        var merge = client.http(FEED, V3Client.action(MERGE), client.envelope(FEED, MERGE,
                V3Client.feed(MERGE, UUID.randomUUID().toString(), List.of(id(HOSP_A, mrn)), List.of(), "吴", "敏",
                        id(HOSP_A, ghost)))).xml();
        assertThat(ack(merge)).isEqualTo("AE");
        assertThat(text(merge, "//hl7:acknowledgementDetail/hl7:code/@code")).isEqualTo("204");
        assertThat(text(merge, "//hl7:acknowledgementDetail/hl7:location")).endsWith("/priorRegisteredRole/id");

        // a message that breaks the ITI-44 rules is refused by IPF's validator (schema + Gazelle schematron)
        var invalid = V3Client.feed(ADD, List.of(id(HOSP_A, Hl7.unique("V3I"))), List.of(), "吴", "敏")
                .replace("<patientPerson classCode=\"PSN\" determinerCode=\"INSTANCE\">", "<patientPerson>");
        var refused = client.http(FEED, V3Client.action(ADD), client.envelope(FEED, ADD, invalid)).xml();
        assertThat(ack(refused)).isEqualTo("AE");
        assertThat(text(refused, "//hl7:acknowledgementDetail/hl7:code/@code")).isEqualTo("SYN113");
    }

    @Test
    void aRetriedFeedGetsTheSameAcknowledgementAndHasNoSecondEffect() throws Exception {
        var messageId = UUID.randomUUID().toString();
        var mrn = Hl7.unique("V3D");
        var body = V3Client.feed(ADD, messageId, List.of(id(HOSP_A, mrn)), List.of(), "郑", "伟", null);
        var first = client.http(FEED, V3Client.action(ADD), client.envelope(FEED, ADD, body));
        var second = client.http(FEED, V3Client.action(ADD), client.envelope(FEED, ADD, body));
        assertThat(ack(first.xml())).isEqualTo("AA");
        var firstAck = first.body().substring(first.body().indexOf("<MCCI_IN000002UV01"));
        var secondAck = second.body().substring(second.body().indexOf("<MCCI_IN000002UV01"));
        assertThat(secondAck).isEqualTo(firstAck);
        assertThat(ids(query(false, HOSP_A, mrn), PATIENT_IDS)).hasSize(1);
        assertThat(admin.patient("hosp-a-mrn", mrn).get("records")).hasSize(1);
        // journaled once, keyed like MSH-3 + MSH-10: the sender device id and the message id
        var journal = admin.journal(HOSP_A + ".9^" + messageId);
        assertThat(journal).hasSize(1);
        assertThat(journal.get(0).get("outcome").asText()).isEqualTo("AA");
        assertThat(journal.get(0).get("transaction").asText()).isEqualTo("ITI-44");
        assertThat(journal.get(0).get("messageType").asText()).isEqualTo(ADD);
        // the journal holds the acknowledgement that was sent (same message id)
        var journaled = org.qiao.conformance.support.Soap.parse(journal.get(0).get("response").asText());
        assertThat(text(journaled, "/hl7:MCCI_IN000002UV01/hl7:id/@root"))
                .isEqualTo(text(first.xml(), "//hl7:MCCI_IN000002UV01/hl7:id/@root")).isNotEmpty();
    }

    @Test
    void badSoapIsAnsweredWithASoapFault() throws Exception {
        // not well-formed XML
        var envelope = client.envelope(PIX_QUERY, QUERY, V3Client.query(HOSP_A, "X"));
        var broken = client.curl(PIX_QUERY, V3Client.action(QUERY), envelope.replace("</PRPA_IN201309UV02>", "</PRPA_IN201309UV02"));
        assertThat(broken.status()).isGreaterThanOrEqualTo(400);
        assertThat(text(broken.xml(), "count(/soap:Envelope/soap:Body/soap:Fault)")).isEqualTo("1");

        // a feed sent to the query door: its wsa:Action is not this door's
        var wrongDoor = client.curl(PIX_QUERY, V3Client.action(ADD), client.envelope(PIX_QUERY, ADD,
                V3Client.feed(ADD, List.of(id(HOSP_A, "X")), List.of(), "a", "b")));
        assertThat(text(wrongDoor.xml(), "//soap:Fault/soap:Code/soap:Subcode/soap:Value")).endsWith("ActionNotSupported");

        // SOAP 1.1
        var soap11 = client.curl(PIX_QUERY, V3Client.action(QUERY), envelope
                .replace("http://www.w3.org/2003/05/soap-envelope", "http://schemas.xmlsoap.org/soap/envelope/"));
        assertThat(soap11.status()).isGreaterThanOrEqualTo(400);
        assertThat(soap11.body()).contains("Fault");
    }

    private static Document query(boolean curl, String root, String extension, String... dataSources) throws Exception {
        var envelope = client.envelope(PIX_QUERY, QUERY, V3Client.query(root, extension, dataSources));
        var answer = curl ? client.curl(PIX_QUERY, V3Client.action(QUERY), envelope)
                : client.http(PIX_QUERY, V3Client.action(QUERY), envelope);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.xml();
    }

    private static Document feed(String interaction, List<V3Client.Id> ids, List<V3Client.Id> otherIds, String family,
                                 String given) throws Exception {
        var answer = client.http(FEED, V3Client.action(interaction),
                client.envelope(FEED, interaction, V3Client.feed(interaction, ids, otherIds, family, given)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.xml();
    }

    private static String ack(Document answer) throws Exception {
        return text(answer, "/soap:Envelope/soap:Body/hl7:MCCI_IN000002UV01/hl7:acknowledgement/hl7:typeCode/@code");
    }
}
