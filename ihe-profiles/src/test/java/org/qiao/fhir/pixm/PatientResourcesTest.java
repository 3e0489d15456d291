package org.qiao.fhir.pixm;

import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.qiao.pix.Demographics;
import org.qiao.pix.DomainType;
import org.qiao.pix.Identifier;
import org.qiao.pix.IdentityDomain;
import org.qiao.pix.IdentityDomains;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Patient ↔ patient index mapping (no database: the index is only read by PatientResources.person). */
public class PatientResourcesTest {

    public static final IdentityDomains DOMAINS = new IdentityDomains(List.of(
            new IdentityDomain("regional", "QIAO", "2.16.156.10011.0.99.1", DomainType.REGIONAL, null),
            new IdentityDomain("hosp-a-mrn", "HOSP_A", "2.16.156.10011.0.99.2.1", DomainType.MRN, "HIS_A^HOSP_A"),
            new IdentityDomain("national-id", "CN-ID", "2.16.156.10011.1.3", DomainType.NATIONAL_ID, null)), "regional");

    private final PatientResources patients = new PatientResources(DOMAINS, null);

    @Test
    void domainsAreUrnOidSystemsAndBareOidsAreAcceptedToo() {
        assertThat(patients.system("hosp-a-mrn")).isEqualTo("urn:oid:2.16.156.10011.0.99.2.1");
        assertThat(patients.domainOf("urn:oid:2.16.156.10011.0.99.2.1")).map(IdentityDomain::code).contains("hosp-a-mrn");
        assertThat(patients.domainOf("URN:OID:2.16.156.10011.1.3")).map(IdentityDomain::code).contains("national-id");
        assertThat(patients.domainOf("2.16.156.10011.1.3")).map(IdentityDomain::code).contains("national-id");
        assertThat(patients.domainOf("urn:oid:1.2.3.4")).isEmpty();
        assertThat(patients.domainOf("http://example.org/mrn")).isEmpty();
        assertThat(patients.domainOf("HOSP_A")).as("a namespace is not a URI").isEmpty();
        assertThat(patients.domainOf(null)).isEmpty();
    }

    @Test
    void aPersonIsAPatientWithTheRegionalIdAsLogicalIdAndEveryNameRepetition() {
        var ids = List.of(new Identifier("M1", "hosp-a-mrn"), new Identifier("QR0000000007", "regional"),
                new Identifier("M2", "hosp-a-mrn"));
        var d = new Demographics("张", "三", "19850612", "F", "建设路88号", "成都市", "四川", "610000", "CHN",
                "028-85551234", null, null, null, null, null, null, null, null, null,
                List.of("张^三^^^^^L^I", "ZHANG^SAN^^^^^L^P"), List.of("建设路88号^^成都市^四川^610000^CHN^H"),
                List.of("028-85551234^PRN^PH", "^NET^Internet^zhang@example.cn"));

        var p = patients.toPatient(ids, d);

        assertThat(p.getIdElement().getIdPart()).isEqualTo("QR0000000007");
        assertThat(p.getActive()).isTrue();
        // the two MRNs side by side (ITI TF-2a 3.9.4.2.2.6 Case 6), each domain as urn:oid
        assertThat(p.getIdentifier()).extracting(i -> i.getSystem() + "|" + i.getValue()).containsExactly(
                "urn:oid:2.16.156.10011.0.99.2.1|M1", "urn:oid:2.16.156.10011.0.99.2.1|M2",
                "urn:oid:2.16.156.10011.0.99.1|QR0000000007");
        assertThat(p.getName()).hasSize(2);
        assertThat(p.getName().get(0).getFamily()).isEqualTo("张");
        assertThat(p.getName().get(0).getGivenAsSingleString()).isEqualTo("三");
        assertThat(p.getName().get(0).getUse()).isEqualTo(HumanName.NameUse.OFFICIAL);
        assertThat(((CodeType) p.getName().get(0).getExtensionByUrl(PatientResources.REPRESENTATION).getValue()).getValue()).isEqualTo("IDE");
        assertThat(p.getName().get(1).getFamily()).isEqualTo("ZHANG");
        assertThat(((CodeType) p.getName().get(1).getExtensionByUrl(PatientResources.REPRESENTATION).getValue()).getValue()).isEqualTo("SYL");
        assertThat(p.getGender()).isEqualTo(AdministrativeGender.FEMALE);
        assertThat(p.getBirthDateElement().getValueAsString()).isEqualTo("1985-06-12");
        assertThat(p.getAddressFirstRep().getLine()).extracting(l -> l.getValue()).containsExactly("建设路88号");
        assertThat(p.getAddressFirstRep().getCity()).isEqualTo("成都市");
        assertThat(p.getAddressFirstRep().getPostalCode()).isEqualTo("610000");
        assertThat(p.getAddressFirstRep().getUse()).isEqualTo(Address.AddressUse.HOME);
        assertThat(p.getTelecom()).extracting(t -> t.getSystem() + " " + t.getValue())
                .containsExactly("PHONE 028-85551234", "EMAIL zhang@example.cn");
    }

    @Test
    void aRecordWithoutRepetitionsShowsItsFirstNameAddressAndPhoneAndOddDatesAreLeftOut() {
        var d = new Demographics("李", "四", "198513", "X", "人民南路1号", "成都市", null, null, null, "13800000000",
                null, null, null, null, null, null, null, null, null);
        var p = patients.toPatient(List.of(new Identifier("QR1", "regional")), d);
        assertThat(p.getNameFirstRep().getFamily()).isEqualTo("李");
        assertThat(p.getTelecomFirstRep().getValue()).isEqualTo("13800000000");
        assertThat(p.getAddressFirstRep().getCity()).isEqualTo("成都市");
        assertThat(p.hasBirthDate()).as("198513 is no date").isFalse();
        assertThat(p.hasGender()).isFalse();
        assertThat(PatientResources.birthDate("1985").getValueAsString()).isEqualTo("1985");
        assertThat(PatientResources.birthDate("198506").getValueAsString()).isEqualTo("1985-06");
        assertThat(PatientResources.birthDate("198506121030").getValueAsString()).isEqualTo("1985-06-12");
    }

    @Test
    void aFedPatientBecomesTheRepetitionsAnItiEightFeedWouldCarry() {
        var p = new Patient();
        var hanzi = p.addName().setFamily("王").addGiven("小明");
        hanzi.setUse(HumanName.NameUse.OFFICIAL).addExtension(PatientResources.REPRESENTATION, new CodeType("IDE"));
        p.addName().setFamily("Wang").addGiven("Xiao").addGiven("Ming")
                .addExtension(PatientResources.REPRESENTATION, new CodeType("SYL"));
        p.setGender(AdministrativeGender.MALE);
        p.setBirthDateElement(new DateType("1990-01-02"));
        p.addAddress().addLine("红星路51号").addLine("2单元").setCity("成都市").setPostalCode("610000").setCountry("CHN");
        p.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setUse(ContactPoint.ContactPointUse.MOBILE)
                .setValue("tel:13900000000");
        p.addTelecom().setSystem(ContactPoint.ContactPointSystem.EMAIL).setValue("wang@example.cn");

        var d = patients.demographics(p);

        assertThat(d.familyName()).isEqualTo("王");
        assertThat(d.givenName()).isEqualTo("小明");
        assertThat(d.names()).containsExactly("王^小明^^^^^L^I", "Wang^Xiao^Ming^^^^^P");
        assertThat(d.sex()).isEqualTo("M");
        assertThat(d.birthDate()).isEqualTo("19900102");
        assertThat(d.street()).isEqualTo("红星路51号");
        assertThat(d.city()).isEqualTo("成都市");
        assertThat(d.addresses()).containsExactly("红星路51号^2单元^成都市^^610000^CHN");
        assertThat(d.phone()).isEqualTo("13900000000");
        assertThat(d.phones()).containsExactly("13900000000^PRN^CP", "^NET^Internet^wang@example.cn");
        // and back: the same names, gender, date and numbers
        var back = patients.toPatient(List.of(new Identifier("QR1", "regional")), d);
        assertThat(back.getName()).extracting(HumanName::getNameAsSingleString).containsExactly("小明 王", "Xiao Ming Wang");
        assertThat(back.getTelecom()).extracting(ContactPoint::getValue).containsExactly("13900000000", "wang@example.cn");
        assertThat(back.getTelecomFirstRep().getUse()).isEqualTo(ContactPoint.ContactPointUse.MOBILE);
    }

    @Test
    void delimitersInValuesAreEscapedAndComeBackWhole() {
        var p = new Patient();
        p.addName().setFamily("O^Neil|").addGiven("A&B~C");
        var d = patients.demographics(p);
        var back = patients.toPatient(List.of(new Identifier("QR1", "regional")), d);
        assertThat(back.getNameFirstRep().getFamily()).isEqualTo("O^Neil|");
        assertThat(back.getNameFirstRep().getGivenAsSingleString()).isEqualTo("A&B~C");
    }

    @Test
    void valuesLongerThanTheIndexKeepsAreRefusedNamingTheElement() {
        var p = new Patient();
        p.addName().setFamily("张".repeat(201));
        assertThatThrownBy(() -> patients.demographics(p))
                .isInstanceOfSatisfying(UnprocessableEntityException.class, e -> {
                    assertThat(e.getMessage()).contains("Patient.name[0].family");
                    assertThat(((OperationOutcome) e.getOperationOutcome()).getIssueFirstRep().getCode())
                            .isEqualTo(OperationOutcome.IssueType.TOOLONG);
                });
    }
}
