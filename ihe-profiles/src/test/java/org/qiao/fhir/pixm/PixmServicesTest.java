package org.qiao.fhir.pixm;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qiao.pix.DeterministicMatcher;
import org.qiao.pix.Identifier;
import org.qiao.pix.LinkEventStore;
import org.qiao.pix.PersonIndexStore;
import org.qiao.pix.PixManager;
import org.qiao.pix.PixManagerService;
import org.qiao.support.TestDatabase;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.qiao.fhir.pixm.PatientResourcesTest.DOMAINS;

/** ITI-104 and ITI-83 on a real patient index (H2 or PostgreSQL): effects, answers and refusals that change nothing. */
class PixmServicesTest {

    static final String HOSP_A = "urn:oid:2.16.156.10011.0.99.2.1";
    static final String NATIONAL = "urn:oid:2.16.156.10011.1.3";
    static final String REGIONAL = "urn:oid:2.16.156.10011.0.99.1";

    private TestDatabase db;
    private PersonIndexStore store;
    private PixmFeedService feed;
    private PixmQueryService query;
    private final List<List<Identifier>> notified = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        db = new TestDatabase();
        store = new PersonIndexStore(db.jdbc);
        PixManager pix = new PixManagerService(store, new LinkEventStore(db.jdbc), new DeterministicMatcher(store),
                DOMAINS, (person, ids, demographics) -> notified.add(ids), "QR", db.tx);
        var patients = new PatientResources(DOMAINS, store);
        feed = new PixmFeedService(pix, store, patients, db.tx);
        query = new PixmQueryService(pix, patients);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private static PixmFeedParameters url(String system, String value) {
        return new PixmFeedParameters("Patient?identifier=" + system.replace(":", "%3A") + "%7C" + value, null, null);
    }

    private static Patient patient(String family, String given, String... systemValue) {
        var p = new Patient();
        p.addName().setFamily(family).addGiven(given);
        for (int i = 0; i < systemValue.length; i += 2) {
            p.addIdentifier().setSystem(systemValue[i]).setValue(systemValue[i + 1]);
        }
        return p;
    }

    private static Parameters pix(String source, String... targets) {
        var in = new Parameters();
        in.addParameter().setName("sourceIdentifier").setValue(new StringType(source));
        for (var t : targets) {
            in.addParameter().setName("targetSystem").setValue(new UriType(t));
        }
        return in;
    }

    private static List<String> targetIdentifiers(Parameters out) {
        return out.getParameter().stream().filter(p -> p.getName().equals("targetIdentifier"))
                .map(p -> (org.hl7.fhir.r4.model.Identifier) p.getValue()).map(i -> i.getSystem() + "|" + i.getValue())
                .toList();
    }

    private static OperationOutcome.IssueType issue(BaseServerResponseException e) {
        return ((OperationOutcome) e.getOperationOutcome()).getIssueFirstRep().getCode();
    }

    @Test
    void aFeedCreatesThenUpdatesAndTheCrossReferencesAnswer() {
        var created = feed.feed(url(HOSP_A, "M1"), patient("张", "三", HOSP_A, "M1", NATIONAL, "510101199001011234"));
        assertThat(created.created()).isTrue();
        assertThat(created.regionalId()).startsWith("QR");
        assertThat(created.patient().getIdElement().getIdPart()).isEqualTo(created.regionalId());
        assertThat(notified).hasSize(1);

        var updated = feed.feed(url(HOSP_A, "M1"), patient("张", "山", HOSP_A, "M1"));
        assertThat(updated.created()).isFalse();
        assertThat(updated.regionalId()).isEqualTo(created.regionalId());
        assertThat(updated.patient().getNameFirstRep().getGivenAsSingleString()).isEqualTo("山");

        var all = query.query(pix(HOSP_A + "|M1"));
        assertThat(targetIdentifiers(all)).containsExactlyInAnyOrder(NATIONAL + "|510101199001011234",
                REGIONAL + "|" + created.regionalId());
        assertThat(all.getParameter()).filteredOn(p -> p.getName().equals("targetId"))
                .extracting(p -> ((Reference) p.getValue()).getReference()).containsExactly("Patient/" + created.regionalId());
        assertThat(targetIdentifiers(query.query(pix(HOSP_A + "|M1", NATIONAL)))).containsExactly(NATIONAL + "|510101199001011234");
    }

    @Test
    void theMergeOfADuplicateRetiresItIntoTheSurvivorAndKeepsTheSurvivorsRecord() {
        var survivor = feed.feed(url(HOSP_A, "M10"), patient("李", "四", HOSP_A, "M10"));
        feed.feed(url(HOSP_A, "M11"), patient("李", "肆", HOSP_A, "M11"));
        var duplicate = patient("李", "肆", HOSP_A, "M11");
        duplicate.setActive(false);
        duplicate.addLink().setType(Patient.LinkType.REPLACEDBY)
                .setOther(new Reference().setIdentifier(new org.hl7.fhir.r4.model.Identifier().setSystem(HOSP_A).setValue("M10")));

        var merged = feed.feed(url(HOSP_A, "M11"), duplicate);

        assertThat(merged.merged()).isTrue();
        assertThat(merged.created()).isFalse();
        assertThat(merged.regionalId()).isEqualTo(survivor.regionalId());
        assertThat(merged.patient().getNameFirstRep().getGivenAsSingleString()).as("the survivor's own record").isEqualTo("四");
        assertThatThrownBy(() -> query.query(pix(HOSP_A + "|M11"))).isInstanceOf(ResourceNotFoundException.class);
        // merging it again: the duplicate is no longer known
        assertThatThrownBy(() -> feed.feed(url(HOSP_A, "M11"), duplicate))
                .isInstanceOfSatisfying(UnprocessableEntityException.class,
                        e -> assertThat(issue(e)).isEqualTo(OperationOutcome.IssueType.NOTFOUND));
    }

    @Test
    void aSurvivorNamedByItsPatientReferenceIsMergedWithinTheDuplicatesDomain() {
        var survivor = feed.feed(url(HOSP_A, "M20"), patient("王", "五", HOSP_A, "M20"));
        feed.feed(url(HOSP_A, "M21"), patient("王", "伍", HOSP_A, "M21"));
        var duplicate = patient("王", "伍", HOSP_A, "M21");
        duplicate.addLink().setType(Patient.LinkType.REPLACEDBY).setOther(new Reference("Patient/" + survivor.regionalId()));
        assertThat(feed.feed(url(HOSP_A, "M21"), duplicate).regionalId()).isEqualTo(survivor.regionalId());
        assertThat(store.activePersonOf(new Identifier("M21", "hosp-a-mrn"))).isEmpty();
    }

    @Test
    void badFeedsAreRefusedAndChangeNothing() {
        long before = store.countActiveIdentifiers();
        // no conditional URL, another parameter, an unknown or the regional domain
        assertThatThrownBy(() -> feed.feed(new PixmFeedParameters(null, "QR1", null), patient("张", "三", HOSP_A, "M30")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("conditional update");
        assertThatThrownBy(() -> feed.feed(new PixmFeedParameters("Patient?family=张", null, null), patient("张", "三", HOSP_A, "M30")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("family");
        assertThatThrownBy(() -> feed.feed(url("urn:oid:1.2.3", "M30"), patient("张", "三", "urn:oid:1.2.3", "M30")))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(issue(e)).isEqualTo(OperationOutcome.IssueType.CODEINVALID));
        assertThatThrownBy(() -> feed.feed(url(REGIONAL, "QR9"), patient("张", "三", REGIONAL, "QR9")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("regional id");
        // the URL's identifier not in the resource; an identifier of an unknown domain; no name
        assertThatThrownBy(() -> feed.feed(url(HOSP_A, "M30"), patient("张", "三", HOSP_A, "M31")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("Patient.identifier");
        assertThatThrownBy(() -> feed.feed(url(HOSP_A, "M30"), patient("张", "三", HOSP_A, "M30", "urn:oid:9.9", "X")))
                .isInstanceOfSatisfying(UnprocessableEntityException.class, e -> assertThat(e.getMessage()).contains("identifier[1]"));
        var nameless = patient("张", "三", HOSP_A, "M30");
        nameless.getName().clear();
        assertThatThrownBy(() -> feed.feed(url(HOSP_A, "M30"), nameless))
                .isInstanceOf(UnprocessableEntityException.class).hasMessageContaining("Patient.name");
        // a merge into a survivor nobody knows
        var duplicate = patient("张", "三", HOSP_A, "M30");
        duplicate.addLink().setType(Patient.LinkType.REPLACEDBY)
                .setOther(new Reference().setIdentifier(new org.hl7.fhir.r4.model.Identifier().setSystem(HOSP_A).setValue("M404")));
        assertThatThrownBy(() -> feed.feed(url(HOSP_A, "M30"), duplicate)).isInstanceOf(UnprocessableEntityException.class)
                .hasMessageContaining("surviving patient");
        assertThat(store.countActiveIdentifiers()).isEqualTo(before);
        assertThat(notified).isEmpty();
    }

    @Test
    void theErrorCasesOfIti83() {
        feed.feed(url(HOSP_A, "M40"), patient("赵", "六", HOSP_A, "M40"));
        // known, but nothing in the target system: 200 without targetIdentifier
        var none = query.query(pix(HOSP_A + "|M40", NATIONAL));
        assertThat(targetIdentifiers(none)).isEmpty();
        assertThat(none.getParameter()).extracting(p -> p.getName()).containsExactly("targetId");
        assertThatThrownBy(() -> query.query(pix("urn:oid:1.2.3|M40")))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(issue(e)).isEqualTo(OperationOutcome.IssueType.CODEINVALID);
                    assertThat(e.getMessage()).contains("sourceIdentifier Assigning Authority not found");
                });
        assertThatThrownBy(() -> query.query(pix(HOSP_A + "|M40", NATIONAL, "urn:oid:1.2.3")))
                .isInstanceOfSatisfying(ForbiddenOperationException.class, e -> {
                    assertThat(issue(e)).isEqualTo(OperationOutcome.IssueType.CODEINVALID);
                    assertThat(e.getMessage()).contains("targetSystem not found");
                });
        assertThatThrownBy(() -> query.query(pix(HOSP_A + "|M404")))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> assertThat(issue(e)).isEqualTo(OperationOutcome.IssueType.NOTFOUND));
        assertThatThrownBy(() -> query.query(new Parameters())).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> query.query(pix("M40"))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("system|value");
    }
}
