package org.qiao.fhir.pdqm;

import ca.uhn.fhir.rest.param.DateAndListParam;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateOrListParam;
import ca.uhn.fhir.rest.param.StringAndListParam;
import ca.uhn.fhir.rest.param.StringOrListParam;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.qiao.fhir.pixm.PatientResources;
import org.qiao.pdq.DemographicsSearchStore;
import org.qiao.pix.Demographics;
import org.qiao.pix.Identifier;
import org.qiao.pix.PersonIndexStore;
import org.qiao.support.TestDatabase;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.qiao.fhir.pixm.PatientResourcesTest.DOMAINS;

/** ITI-78's parameters as search criteria, and its answers on a real index (H2 or PostgreSQL). */
class PdqmServiceTest {

    private TestDatabase db;
    private PersonIndexStore store;
    private PdqmService pdqm;

    @BeforeEach
    void setUp() throws Exception {
        db = new TestDatabase();
        store = new PersonIndexStore(db.jdbc);
        pdqm = new PdqmService(new DemographicsSearchStore(db.jdbc), store, new PatientResources(DOMAINS, store), 3);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private void person(String mrn, String regional, String birth, List<String> names) {
        db.tx.execute(s -> {
            var person = store.createPerson();
            var first = names.get(0).split("\\^");
            var record = store.upsertRecord(person, new Identifier(mrn, "hosp-a-mrn"), new Demographics(first[0],
                    first[1], birth, "F", "建设路88号", "成都市", null, "610000", "CHN", "028-1", null, null, null, null,
                    null, null, null, null, null, names, List.of(), List.of()));
            store.upsertIdentifier(new Identifier(mrn, "hosp-a-mrn"), person, record);
            store.upsertIdentifier(new Identifier(regional, "regional"), person, null);
            return person;
        });
    }

    private static StringAndListParam s(String value) {
        return new StringAndListParam().addAnd(new StringOrListParam().add(new StringParam(value)));
    }

    private static DateAndListParam dates(String... values) {
        var and = new DateAndListParam();
        for (var v : values) {
            and.addAnd(new DateOrListParam().add(new DateParam(v)));
        }
        return and;
    }

    private static PdqmSearchParameters family(String family) {
        return new PdqmSearchParameters(null, null, s(family), null, null, null, null, null, null, null, null, null);
    }

    private static PdqmSearchParameters birth(String... values) {
        return new PdqmSearchParameters(null, null, null, null, dates(values), null, null, null, null, null, null, null);
    }

    private List<String> ids(PdqmSearchParameters p) {
        return pdqm.search(p).stream().map(pt -> pt.getIdElement().getIdPart()).toList();
    }

    @Test
    void namesMatchFromTheStartInHanziOrPinyinAndExactlyWithTheModifier() {
        person("M1", "QR1", "19850612", List.of("张^三丰^^^^^L^I", "ZHANG^SANFENG^^^^^L^P"));
        person("M2", "QR2", "19900101", List.of("张^三^^^^^L^I", "ZHANG^SAN^^^^^L^P"));
        assertThat(ids(family("张"))).containsExactly("QR1", "QR2");
        assertThat(ids(family("zha"))).containsExactly("QR1", "QR2");
        assertThat(ids(new PdqmSearchParameters(null, null, s("张"), s("三"), null, null, null, null, null, null, null, null)))
                .containsExactly("QR1", "QR2");
        var exact = s("三");
        exact.getValuesAsQueryTokens().get(0).getValuesAsQueryTokens().get(0).setExact(true);
        assertThat(ids(new PdqmSearchParameters(null, null, s("张"), exact, null, null, null, null, null, null, null, null)))
                .containsExactly("QR2");
        assertThat(ids(new PdqmSearchParameters(null, null, null, s("sanf"), null, null, null, null, null, null, null, null)))
                .containsExactly("QR1");
        // the answer shows every name the record holds
        Patient first = pdqm.search(family("张")).get(0);
        assertThat(first.getName()).extracting(n -> n.getFamily()).containsExactly("张", "ZHANG");
    }

    @Test
    void birthDatesAsDaysMonthsYearsAndRanges() {
        person("M3", "QR3", "19850612", List.of("李^四"));
        person("M4", "QR4", "19851231", List.of("李^五"));
        person("M5", "QR5", "19860101", List.of("李^六"));
        assertThat(ids(birth("1985-06-12"))).containsExactly("QR3");
        assertThat(ids(birth("1985-06"))).containsExactly("QR3");
        assertThat(ids(birth("1985"))).containsExactly("QR3", "QR4");
        assertThat(ids(birth("ge1985-07-01", "le1986-01-01"))).containsExactly("QR4", "QR5");
        assertThat(ids(birth("gt1985-12-31"))).containsExactly("QR5");
        assertThat(ids(birth("lt1985"))).isEmpty();
        assertThat(PdqmService.birthRange(dates("ge1985", "lt1986-02"))).containsExactly("19850101", "19860131");
        assertThatThrownBy(() -> ids(birth("ne1985"))).isInstanceOf(InvalidRequestException.class).hasMessageContaining("ne");
    }

    @Test
    void identifiersIdAndGenderAndTheRefusals() {
        person("M6", "QR6", "19700101", List.of("赵^七"));
        var byMrn = new TokenAndListParam().addAnd(new TokenParam("urn:oid:2.16.156.10011.0.99.2.1", "M6"));
        assertThat(ids(new PdqmSearchParameters(byMrn, null, null, null, null, null, null, null, null, null, null, null)))
                .containsExactly("QR6");
        var byValue = new TokenAndListParam().addAnd(new TokenParam(null, "M6"));
        assertThat(ids(new PdqmSearchParameters(byValue, null, null, null, null, null, null, null, null, null, null, null)))
                .containsExactly("QR6");
        var byId = new TokenAndListParam().addAnd(new TokenParam(null, "QR6"));
        assertThat(ids(new PdqmSearchParameters(null, null, null, null, null, null, null, null, null, byId, null, null)))
                .containsExactly("QR6");
        assertThat(ids(new PdqmSearchParameters(null, null, s("赵"), null, null, null, null, null, new TokenParam("male"),
                null, null, null))).isEmpty();
        assertThat(ids(new PdqmSearchParameters(null, null, s("赵"), null, null, null, null, null, new TokenParam("female"),
                null, null, null))).containsExactly("QR6");

        var unknown = new TokenAndListParam().addAnd(new TokenParam("urn:oid:1.2.3", "M6"));
        assertThatThrownBy(() -> ids(new PdqmSearchParameters(unknown, null, null, null, null, null, null, null, null,
                null, null, null))).isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(
                ((OperationOutcome) e.getOperationOutcome()).getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.CODEINVALID));
        assertThatThrownBy(() -> ids(new PdqmSearchParameters(null, null, null, null, null, null, null, null, null, null,
                null, null))).isInstanceOf(InvalidRequestException.class).hasMessageContaining("at least one");
        assertThatThrownBy(() -> ids(new PdqmSearchParameters(null, null, null, null, null, null, null, null,
                new TokenParam("woman"), null, null, null))).isInstanceOf(InvalidRequestException.class);
        var contains = s("赵");
        contains.getValuesAsQueryTokens().get(0).getValuesAsQueryTokens().get(0).setContains(true);
        assertThatThrownBy(() -> ids(new PdqmSearchParameters(null, null, contains, null, null, null, null, null, null,
                null, null, null))).isInstanceOf(InvalidRequestException.class).hasMessageContaining(":contains");
    }

    @Test
    void tooManyMatchesAreRefusedAndReadsAnswerActivePersonsOnly() {
        for (int i = 0; i < 4; i++) {
            person("M7" + i, "QR7" + i, "19700101", List.of("孙^八"));
        }
        assertThatThrownBy(() -> ids(family("孙"))).isInstanceOfSatisfying(InvalidRequestException.class, e ->
                assertThat(((OperationOutcome) e.getOperationOutcome()).getIssueFirstRep().getCode())
                        .isEqualTo(OperationOutcome.IssueType.TOOCOSTLY));
        assertThat(pdqm.read("QR70").getNameFirstRep().getFamily()).isEqualTo("孙");
        assertThatThrownBy(() -> pdqm.read("QR404")).isInstanceOf(ResourceNotFoundException.class);
    }
}
