package org.qiao.conformance.v3;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.qiao.conformance.support.AdminClient;
import org.qiao.conformance.support.Engine;
import org.qiao.conformance.support.EngineTestSupport;
import org.qiao.conformance.support.Hl7;
import org.qiao.conformance.support.Mllp;
import org.w3c.dom.Document;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.qiao.conformance.v3.V3Client.HEALTH_CARD;
import static org.qiao.conformance.v3.V3Client.HOSP_A;
import static org.qiao.conformance.v3.V3Client.NATIONAL_ID;
import static org.qiao.conformance.v3.V3Client.REGIONAL;
import static org.qiao.conformance.v3.V3Client.ids;
import static org.qiao.conformance.v3.V3Client.text;

/**
 * ITI-47 Patient Demographics Query HL7 V3 (ITI TF-2b 3.47) at the wire, on patients fed with ITI-8 (HL7 v2):
 * demographic and identifier searches, otherIDsScopingOrganization, continuation and cancel, errors.
 */
class PdqV3Test extends EngineTestSupport {

    private static final String DOOR = "pdqv3-iti47";
    private static final String QUERY = "PRPA_IN201305UV02";
    private static final String CONTINUE = "QUQI_IN000003UV01";
    private static final String CANCEL = "QUQI_IN000003UV01_Cancel";
    private static final String ACT = "/soap:Envelope/soap:Body/hl7:PRPA_IN201306UV02/hl7:controlActProcess";
    private static final String SUBJECT = ACT + "/hl7:subject";
    private static final String PATIENT = SUBJECT + "/hl7:registrationEvent/hl7:subject1/hl7:patient";
    private static final String PERSON = PATIENT + "/hl7:patientPerson";

    private static V3Client client;

    @BeforeAll
    static void client() {
        client = new V3Client(engine);
    }

    @Test
    void aV2FedPatientIsFoundByItsChineseNameWithItsDemographicsAndIdentifiers() throws Exception {
        var family = "欧阳" + Hl7.unique("");
        var mrn = feed(family, "小明", null);

        // with curl, as an integrator tries the door
        var answer = send(true, QUERY, query(name(family, "小明", false), null));
        assertThat(text(answer, "//hl7:acknowledgement/hl7:typeCode/@code")).isEqualTo("AA");
        assertThat(text(answer, ACT + "/hl7:queryAck/hl7:queryResponseCode/@code")).isEqualTo("OK");
        assertThat(text(answer, "count(" + SUBJECT + ")")).isEqualTo("1");
        assertThat(text(answer, PERSON + "/hl7:name/hl7:family")).isEqualTo(family);
        assertThat(text(answer, PERSON + "/hl7:name/hl7:given")).isEqualTo("小明");
        assertThat(text(answer, PERSON + "/hl7:administrativeGenderCode/@code")).isEqualTo("F");
        assertThat(text(answer, PERSON + "/hl7:birthTime/@value")).isEqualTo("19850612");
        assertThat(text(answer, PERSON + "/hl7:addr/hl7:city")).isEqualTo("成都市");
        assertThat(text(answer, PERSON + "/hl7:addr/hl7:streetAddressLine")).isEqualTo("建设路88号");
        assertThat(text(answer, PERSON + "/hl7:telecom/@value")).isEqualTo("tel:028-85551234");
        // the regional id as patient/id, the hospital's MRN under asOtherIDs with its scoping organisation
        var patientIds = ids(answer, PATIENT + "/hl7:id");
        assertThat(patientIds).hasSize(1);
        assertThat(patientIds.get(0)).startsWith(REGIONAL + "^QR");
        assertThat(ids(answer, PERSON + "/hl7:asOtherIDs/hl7:id")).containsExactly(HOSP_A + "^" + mrn);
        assertThat(text(answer, PERSON + "/hl7:asOtherIDs/hl7:scopingOrganization/hl7:id/@root")).isEqualTo(HOSP_A);
        assertThat(text(answer, ACT + "/hl7:queryAck/hl7:resultTotalQuantity/@value")).isEqualTo("1");
        assertThat(text(answer, ACT + "/hl7:queryAck/hl7:resultCurrentQuantity/@value")).isEqualTo("1");
        assertThat(text(answer, ACT + "/hl7:queryAck/hl7:resultRemainingQuantity/@value")).isEqualTo("0");
        // the query is echoed
        assertThat(text(answer, ACT + "/hl7:queryByParameter/hl7:parameterList/hl7:livingSubjectName/hl7:value/hl7:family"))
                .isEqualTo(family);

        // a search name (use SRCH) matches the beginning; a trailing * does too; with the phone
        var prefix = family.substring(0, family.length() - 2);
        var bySearchName = send(false, QUERY, query(name(prefix, null, true), null));
        assertThat(ids(bySearchName, PERSON + "/hl7:asOtherIDs/hl7:id")).contains(HOSP_A + "^" + mrn);
        var withPhone = send(false, QUERY, query(name(prefix + "*", "小明", false)
                + "<patientTelecom><value value=\"tel:028-85551234\"/><semanticsText>Patient.telecom</semanticsText></patientTelecom>", null));
        assertThat(ids(withPhone, PERSON + "/hl7:asOtherIDs/hl7:id")).containsExactly(HOSP_A + "^" + mrn);
    }

    @Test
    void aNameInTwoScriptsIsFoundByEitherAndAnsweredAsTwoNames() throws Exception {
        // PID-5 hanzi (XPN-8 I) ~ pinyin (P), HL7 v2.5 2.A.89; 𠮷 (U+20BB7) lies outside the BMP
        var pinyin = "JI" + Hl7.unique("");
        var mrn = Hl7.unique("P47");
        var adt = Hl7.adt("A01", Hl7.controlId(), mrn + "^^^" + Hl7.HOSP_A, "\uD842\uDFB7", "三")
                .replace("||\uD842\uDFB7^三||", "||\uD842\uDFB7^三^^^^^L^I~" + pinyin + "^SAN^^^^^L^P||");
        assertThat(Hl7.field(Mllp.exchange(engine.mllpPort, adt), "MSA", 1)).isEqualTo("AA");

        for (var byName : new String[] {name(pinyin, "san", false), name("\uD842\uDFB7", "三", false)}) {
            var answer = send(false, QUERY, query(byName, null));
            assertThat(ids(answer, PERSON + "/hl7:asOtherIDs/hl7:id")).containsExactly(HOSP_A + "^" + mrn);
            assertThat(text(answer, "count(" + PERSON + "/hl7:name)")).isEqualTo("2");
            assertThat(text(answer, PERSON + "/hl7:name[1]/hl7:family")).isEqualTo("\uD842\uDFB7");
            assertThat(text(answer, PERSON + "/hl7:name[1]/hl7:given")).isEqualTo("三");
            assertThat(text(answer, PERSON + "/hl7:name[1]/@use")).isEqualTo("L IDE");
            assertThat(text(answer, PERSON + "/hl7:name[2]/hl7:family")).isEqualTo(pinyin);
            assertThat(text(answer, PERSON + "/hl7:name[2]/hl7:given")).isEqualTo("SAN");
            assertThat(text(answer, PERSON + "/hl7:name[2]/@use")).isEqualTo("L SYL");
        }
        // given and family of two different repetitions are no name of this patient
        var crossed = send(false, QUERY, query(name(pinyin, "三", false), null));
        assertThat(text(crossed, ACT + "/hl7:queryAck/hl7:queryResponseCode/@code")).isEqualTo("NF");
    }

    @Test
    void birthDateAndGenderFindThePatientBornThatDay() throws Exception {
        var mrn = feed("诸葛" + Hl7.unique(""), "亮", "19010203|M");
        var answer = send(false, QUERY, query(
                "<livingSubjectAdministrativeGender><value code=\"M\"/><semanticsText>LivingSubject.administrativeGender</semanticsText></livingSubjectAdministrativeGender>"
                        + "<livingSubjectBirthTime><value value=\"19010203\"/><semanticsText>LivingSubject.birthTime</semanticsText></livingSubjectBirthTime>",
                null));
        assertThat(text(answer, ACT + "/hl7:queryAck/hl7:queryResponseCode/@code")).isEqualTo("OK");
        assertThat(ids(answer, PERSON + "/hl7:asOtherIDs/hl7:id")).contains(HOSP_A + "^" + mrn);
        assertThat(text(answer, "count(" + PERSON + "/hl7:birthTime[@value!='19010203'])")).isEqualTo("0");
        assertThat(text(answer, "count(" + PERSON + "/hl7:administrativeGenderCode[@code!='M'])")).isEqualTo("0");

        // the same day, the other gender: not this patient
        var female = send(false, QUERY, query(
                "<livingSubjectAdministrativeGender><value code=\"F\"/><semanticsText>LivingSubject.administrativeGender</semanticsText></livingSubjectAdministrativeGender>"
                        + "<livingSubjectBirthTime><value value=\"19010203\"/><semanticsText>LivingSubject.birthTime</semanticsText></livingSubjectBirthTime>",
                null));
        assertThat(ids(female, PERSON + "/hl7:asOtherIDs/hl7:id")).doesNotContain(HOSP_A + "^" + mrn);
    }

    @Test
    void anIdentifierFindsItsPersonAndOtherIdsScopingOrganizationChoosesTheIdsReturned() throws Exception {
        var mrn = Hl7.unique("P47");
        var nationalId = Hl7.unique("5147");
        var ack = Mllp.exchange(engine.mllpPort, Hl7.adt("A01", Hl7.controlId(),
                mrn + "^^^" + Hl7.HOSP_A + "~" + nationalId + "^^^" + Hl7.NATIONAL_ID, "上官", "婉儿"));
        assertThat(Hl7.field(ack, "MSA", 1)).isEqualTo("AA");
        var byId = "<livingSubjectId><value root=\"" + HOSP_A + "\" extension=\"" + mrn
                + "\"/><semanticsText>LivingSubject.id</semanticsText></livingSubjectId>";

        var all = send(false, QUERY, query(byId, null));
        assertThat(text(all, "count(" + SUBJECT + ")")).isEqualTo("1");
        assertThat(ids(all, PERSON + "/hl7:asOtherIDs/hl7:id"))
                .containsExactlyInAnyOrder(HOSP_A + "^" + mrn, NATIONAL_ID + "^" + nationalId);

        // only the national id is asked for: it is patient/id, nothing else is returned
        var national = send(false, QUERY, query(byId, null, NATIONAL_ID));
        assertThat(ids(national, PATIENT + "/hl7:id")).containsExactly(NATIONAL_ID + "^" + nationalId);
        assertThat(ids(national, PERSON + "/hl7:asOtherIDs/hl7:id")).isEmpty();
        // a domain the person has no id in: NF, no subject
        var card = send(false, QUERY, query(byId, null, HEALTH_CARD));
        assertThat(text(card, "//hl7:acknowledgement/hl7:typeCode/@code")).isEqualTo("AA");
        assertThat(text(card, ACT + "/hl7:queryAck/hl7:queryResponseCode/@code")).isEqualTo("NF");
        assertThat(text(card, "count(" + SUBJECT + ")")).isEqualTo("0");
    }

    @Test
    void anUnknownScopingOrganizationIsAnApplicationError() throws Exception {
        var answer = send(false, QUERY, query(name("张", null, false), null, NATIONAL_ID, "1.2.3.4.5.6.7"));
        assertThat(text(answer, "//hl7:acknowledgement/hl7:typeCode/@code")).isEqualTo("AE");
        assertThat(text(answer, ACT + "/hl7:queryAck/hl7:queryResponseCode/@code")).isEqualTo("AE");
        assertThat(text(answer, "count(//hl7:acknowledgementDetail)")).isEqualTo("1");
        assertThat(text(answer, "//hl7:acknowledgementDetail/hl7:code/@code")).isEqualTo("204");
        assertThat(text(answer, "//hl7:acknowledgementDetail/hl7:location")).isEqualTo(
                "/PRPA_IN201305UV02/controlActProcess/queryByParameter/parameterList/otherIDsScopingOrganization[2]/value");
        assertThat(text(answer, "count(" + SUBJECT + ")")).isEqualTo("0");
    }

    @Test
    void aLongAnswerComesInThreePagesAndACancelForgetsIt() throws Exception {
        var family = "司马" + Hl7.unique("");
        var fed = new HashSet<String>();
        for (int i = 0; i < 5; i++) {
            fed.add(HOSP_A + "^" + feed(family, "光" + i, null));
        }
        var queryId = UUID.randomUUID().toString();
        var first = send(false, QUERY, queryWithId(name(family, null, false), "2", queryId));
        assertThat(text(first, ACT + "/hl7:queryAck/hl7:resultTotalQuantity/@value")).isEqualTo("5");
        assertThat(text(first, ACT + "/hl7:queryAck/hl7:resultCurrentQuantity/@value")).isEqualTo("2");
        assertThat(text(first, ACT + "/hl7:queryAck/hl7:resultRemainingQuantity/@value")).isEqualTo("3");
        var seen = new ArrayList<>(ids(first, PERSON + "/hl7:asOtherIDs/hl7:id"));

        var second = send(true, CONTINUE, continuation(CONTINUE, queryId, 2));
        assertThat(text(second, "//hl7:acknowledgement/hl7:typeCode/@code")).isEqualTo("AA");
        assertThat(text(second, ACT + "/hl7:queryAck/hl7:resultCurrentQuantity/@value")).isEqualTo("2");
        assertThat(text(second, ACT + "/hl7:queryAck/hl7:resultRemainingQuantity/@value")).isEqualTo("1");
        seen.addAll(ids(second, PERSON + "/hl7:asOtherIDs/hl7:id"));

        var third = send(false, CONTINUE, continuation(CONTINUE, queryId, 2));
        assertThat(text(third, ACT + "/hl7:queryAck/hl7:resultCurrentQuantity/@value")).isEqualTo("1");
        assertThat(text(third, ACT + "/hl7:queryAck/hl7:resultRemainingQuantity/@value")).isEqualTo("0");
        seen.addAll(ids(third, PERSON + "/hl7:asOtherIDs/hl7:id"));
        assertThat(seen).hasSize(5).containsExactlyInAnyOrderElementsOf(fed);
        // everything delivered: a further continuation is an error
        var beyond = send(false, CONTINUE, continuation(CONTINUE, queryId, 2));
        assertThat(text(beyond, "//hl7:acknowledgement/hl7:typeCode/@code")).isEqualTo("AE");
        // a lost answer: startResultNumber asks for the second page again
        var again = send(false, CONTINUE, continuation(CONTINUE, queryId, 2).replace("<continuationQuantity",
                "<startResultNumber value=\"3\"/><continuationQuantity"));
        assertThat(ids(again, PERSON + "/hl7:asOtherIDs/hl7:id")).containsExactlyElementsOf(seen.subList(2, 4));

        // cancel: accepted, and the query is forgotten
        var cancel = send(false, CANCEL, continuation(CANCEL, queryId, 0));
        assertThat(text(cancel, "local-name(/soap:Envelope/soap:Body/*)")).isEqualTo("MCCI_IN000002UV01");
        assertThat(text(cancel, "//hl7:acknowledgement/hl7:typeCode/@code")).isEqualTo("AA");
        var after = send(false, CONTINUE, continuation(CONTINUE, queryId, 2));
        assertThat(text(after, "//hl7:acknowledgement/hl7:typeCode/@code")).isEqualTo("AE");
        assertThat(text(after, "//hl7:acknowledgementDetail/hl7:code/@code")).isEqualTo("204");
    }

    @Test
    void eachQueryIsAudited() throws Exception {
        var mrn = feed("东方" + Hl7.unique(""), "朔", null);
        var byId = "<livingSubjectId><value root=\"" + HOSP_A + "\" extension=\"" + mrn
                + "\"/><semanticsText>LivingSubject.id</semanticsText></livingSubjectId>";
        send(false, QUERY, query(byId, null));
        // IPF's ITI-47 audit strategy names the patient of an identifier query; it reaches the engine's own
        // audit record repository over UDP
        var auditor = new AdminClient(engine, Engine.AUDITOR);
        var path = "/api/audit/count?eventType=ITI-47&patient=" + URLEncoder.encode(mrn, StandardCharsets.UTF_8);
        await().atMost(Duration.ofSeconds(30)).until(() -> auditor.json(path).get("count").asLong() >= 1);
    }

    @Test
    void aParameterThisSupplierDoesNotSearchOnIsRefusedNotIgnored() throws Exception {
        // livingSubjectDeceasedTime passes IPF's validator; ignoring it would answer more than was asked
        var answer = send(false, QUERY, query("<livingSubjectDeceasedTime><value value=\"20200101\"/>"
                + "<semanticsText>LivingSubject.deceasedTime</semanticsText></livingSubjectDeceasedTime>"
                + name("张", null, false), null));
        assertThat(text(answer, "//hl7:acknowledgement/hl7:typeCode/@code")).isEqualTo("AE");
        assertThat(text(answer, ACT + "/hl7:queryAck/hl7:queryResponseCode/@code")).isEqualTo("AE");
        assertThat(text(answer, "//hl7:acknowledgementDetail/hl7:code/@code")).isEqualTo("103");
        assertThat(text(answer, "//hl7:acknowledgementDetail/hl7:location")).endsWith("/parameterList/livingSubjectDeceasedTime");
    }

    /** More matches than qiao.pdq.max-results (1000): refused with AE (all matches or none), not cut short. */
    @Test
    void aQueryMatchingMoreThanTheLimitIsAnApplicationError() throws Exception {
        var family = Hl7.unique("LIU");
        var feeds = new ArrayList<String>();
        for (int i = 0; i <= 1000; i++) {
            feeds.add(Hl7.adt("A01", Hl7.controlId(), Hl7.unique("P47") + "^^^" + Hl7.HOSP_A, family, "Liu" + i));
        }
        assertThat(Mllp.exchangeAll(engine.mllpPort, feeds, 8)).allSatisfy(ack ->
                assertThat(Hl7.field(ack, "MSA", 1)).as(ack).isEqualTo("AA"));
        var answer = send(true, QUERY, query(name(family, null, false), "20"));
        assertThat(text(answer, "//hl7:acknowledgement/hl7:typeCode/@code")).isEqualTo("AE");
        assertThat(text(answer, ACT + "/hl7:queryAck/hl7:queryResponseCode/@code")).isEqualTo("AE");
        assertThat(text(answer, "//hl7:acknowledgementDetail/hl7:text")).contains("Too many matches");
        assertThat(text(answer, "count(" + SUBJECT + ")")).isEqualTo("0");
        var narrowed = send(false, QUERY, query(name(family, "Liu7", false), null));
        assertThat(text(narrowed, "//hl7:acknowledgement/hl7:typeCode/@code")).isEqualTo("AA");
        assertThat(text(narrowed, ACT + "/hl7:queryAck/hl7:queryResponseCode/@code")).isEqualTo("OK");
        assertThat(text(narrowed, "count(" + SUBJECT + ")")).isEqualTo("1");
    }

    @Test
    void nobodyMatchingIsNf() throws Exception {
        var answer = send(false, QUERY, query(name("无此人" + Hl7.unique(""), null, false), null));
        assertThat(text(answer, "//hl7:acknowledgement/hl7:typeCode/@code")).isEqualTo("AA");
        assertThat(text(answer, ACT + "/hl7:queryAck/hl7:queryResponseCode/@code")).isEqualTo("NF");
        assertThat(text(answer, ACT + "/hl7:queryAck/hl7:resultTotalQuantity/@value")).isEqualTo("0");
        assertThat(text(answer, "count(" + SUBJECT + ")")).isEqualTo("0");
    }

    @Test
    void malformedXmlIsASoapFault() throws Exception {
        var envelope = client.envelope(DOOR, QUERY, query(name("张", null, false), null))
                .replace("</PRPA_IN201305UV02>", "</PRPA_IN201305UV02");
        var broken = client.curl(DOOR, V3Client.action(QUERY), envelope);
        assertThat(broken.status()).isGreaterThanOrEqualTo(400);
        assertThat(text(broken.xml(), "count(/soap:Envelope/soap:Body/soap:Fault)")).isEqualTo("1");
    }

    /** Feeds a patient with ITI-8 (HL7 v2) at HOSP_A; {@code birthAndSex} replaces 19850612|F. Returns the MRN. */
    private static String feed(String family, String given, String birthAndSex) throws Exception {
        var mrn = Hl7.unique("P47");
        var adt = Hl7.adt("A01", Hl7.controlId(), mrn + "^^^" + Hl7.HOSP_A, family, given);
        if (birthAndSex != null) {
            adt = adt.replace("||19850612|F|", "||" + birthAndSex + "|");
        }
        assertThat(Hl7.field(Mllp.exchange(engine.mllpPort, adt), "MSA", 1)).isEqualTo("AA");
        return mrn;
    }

    private static String name(String family, String given, boolean search) {
        return "<livingSubjectName><value" + (search ? " use=\"SRCH\"" : "") + ">"
                + (given == null ? "" : "<given>" + given + "</given>")
                + (family == null ? "" : "<family>" + family + "</family>")
                + "</value><semanticsText>LivingSubject.name</semanticsText></livingSubjectName>";
    }

    private static String query(String parameters, String initialQuantity, String... scoping) {
        return queryWithId(parameters, initialQuantity, UUID.randomUUID().toString(), scoping);
    }

    /** PRPA_IN201305UV02 with these parameters (schema order: scoping organisations first). */
    private static String queryWithId(String parameters, String initialQuantity, String queryId, String... scoping) {
        var scopes = new StringBuilder();
        for (var s : scoping) {
            scopes.append("<otherIDsScopingOrganization><value root=\"").append(s)
                    .append("\"/><semanticsText>OtherIDs.scopingOrganization.id</semanticsText></otherIDsScopingOrganization>");
        }
        // parameterList order (PRPA_MT201306UV02): gender, birth time, id, name, other ids, address, telecom
        return header(QUERY, "PRPA_TE201305UV02")
                + "<queryByParameter><queryId root=\"" + HOSP_A + ".47\" extension=\"" + queryId + "\"/>"
                + "<statusCode code=\"new\"/><responseModalityCode code=\"R\"/><responsePriorityCode code=\"I\"/>"
                + (initialQuantity == null ? "" : "<initialQuantity value=\"" + initialQuantity + "\"/>")
                + "<parameterList>" + ordered(parameters, scopes.toString()) + "</parameterList></queryByParameter>"
                + "</controlActProcess></" + QUERY + ">";
    }

    /** Puts the otherIDsScopingOrganization elements where the schema wants them (after livingSubjectName). */
    private static String ordered(String parameters, String scopes) {
        int cut = parameters.indexOf("<patientTelecom");
        if (cut < 0) {
            return parameters + scopes;
        }
        return parameters.substring(0, cut) + scopes + parameters.substring(cut);
    }

    private static String continuation(String interaction, String queryId, int quantity) {
        return header(interaction, "QUQI_TE000003UV01")
                + "<queryContinuation><queryId root=\"" + HOSP_A + ".47\" extension=\"" + queryId + "\"/>"
                + (quantity > 0 ? "<continuationQuantity value=\"" + quantity + "\"/>" : "")
                + "<statusCode code=\"" + (CANCEL.equals(interaction) ? "aborted" : "waitContinuedQueryResponse") + "\"/>"
                + "</queryContinuation></controlActProcess></" + interaction + ">";
    }

    private static String header(String interaction, String triggerCode) {
        return "<" + interaction + " xmlns=\"urn:hl7-org:v3\" ITSVersion=\"XML_1.0\">"
                + "<id root=\"" + HOSP_A + ".9\" extension=\"" + UUID.randomUUID() + "\"/>"
                + "<creationTime value=\"" + Hl7.now() + "\"/>"
                + "<interactionId root=\"2.16.840.1.113883.1.6\" extension=\"" + interaction + "\"/>"
                + "<processingCode code=\"P\"/><processingModeCode code=\"T\"/><acceptAckCode code=\"AL\"/>"
                + "<receiver typeCode=\"RCV\"><device classCode=\"DEV\" determinerCode=\"INSTANCE\">"
                + "<id root=\"2.16.156.10011.0.99\"/></device></receiver>"
                + "<sender typeCode=\"SND\"><device classCode=\"DEV\" determinerCode=\"INSTANCE\">"
                + "<id root=\"" + HOSP_A + ".9\"/></device></sender>"
                + "<controlActProcess classCode=\"CACT\" moodCode=\"EVN\">"
                + "<code code=\"" + triggerCode + "\" codeSystem=\"2.16.840.1.113883.1.6\"/>";
    }

    /** Sends one message (curl or java.net.http) with the wsa:Action of its interaction; HTTP 200 expected. */
    private static Document send(boolean curl, String interaction, String message) throws Exception {
        var action = V3Client.action(CONTINUE.equals(interaction) ? CONTINUE + "_Continue" : interaction);
        var envelope = soap(action, message);
        var answer = curl ? client.curl(DOOR, action, envelope) : client.http(DOOR, action, envelope);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.xml();
    }

    private static String soap(String action, String message) {
        return org.qiao.conformance.support.Soap.envelope(action, engine.url("/services/" + DOOR), message);
    }
}
