package org.qiao.fhir.pixm;

import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;
import org.qiao.fhir.Outcomes;
import org.qiao.pix.Demographics;
import org.qiao.pix.EncodedField;
import org.qiao.pix.Identifier;
import org.qiao.pix.IdentityDomain;
import org.qiao.pix.IdentityDomains;
import org.qiao.pix.PersonIndexStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A person of the patient index as a FHIR R4 Patient, and a fed Patient as the demographics the index keeps:
 * <ul>
 *   <li>logical id: the regional id (the affinity domain's identifier), as MHD already uses it;</li>
 *   <li>identifiers: every active one, each domain as the system {@code urn:oid:<domain oid>} (PIXm ITI TF-2
 *       2:3.83.4.1.2.1 and PDQm name assigning authorities by URI; ITI TF-2x Appendix E.3: urn:oid);</li>
 *   <li>name, gender, birthDate, address, telecom: every repetition of the source record shown (the newest), one
 *       HumanName per PID-5 repetition, so a hanzi name and its pinyin are two names, told apart by the ISO 21090
 *       representation extension (IDE / SYL / ABC, as XPN-8 I / P / A and the v3 doors' EntityNameUse).</li>
 * </ul>
 * The mapping follows HL7 v2.5 XPN, XAD and XTN and their FHIR R4 v2 mappings (Patient.name ↔ PID-5, Patient.address
 * ↔ PID-11, Patient.telecom ↔ PID-13), so a patient fed over FHIR reads the same over ITI-21 and the other way round.
 */
public class PatientResources {

    /** FHIR R4 extension for the representation of a name part (ISO 21090 EN.representation). */
    public static final String REPRESENTATION = "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation";
    public static final String URN_OID = "urn:oid:";

    private final IdentityDomains domains;
    private final PersonIndexStore index;

    /** {@code index} is read by {@link #person} only; the mapping methods need the domains alone. */
    public PatientResources(IdentityDomains domains, PersonIndexStore index) {
        this.domains = domains;
        this.index = index;
    }

    public IdentityDomains domains() {
        return domains;
    }

    // ---- identifiers ------------------------------------------------------------------------------------------

    /** The URI system of a configured domain: {@code urn:oid:<oid>}. */
    public String system(String domainCode) {
        return URN_OID + domains.byCode(domainCode).map(IdentityDomain::oid).orElseThrow();
    }

    /**
     * The configured domain a FHIR identifier system names: {@code urn:oid:<oid>}, or the bare OID some clients
     * send; anything else (an http URL, an unknown OID) names none.
     */
    public Optional<IdentityDomain> domainOf(String system) {
        if (system == null || system.isBlank()) {
            return Optional.empty();
        }
        var s = system.trim();
        var oid = s.regionMatches(true, 0, URN_OID, 0, URN_OID.length()) ? s.substring(URN_OID.length()) : s;
        if (!oid.matches("[0-2](\\.\\d+)+")) {
            return Optional.empty();
        }
        return domains.resolve(null, oid, "ISO");
    }

    public org.hl7.fhir.r4.model.Identifier identifier(Identifier id) {
        return new org.hl7.fhir.r4.model.Identifier().setSystem(system(id.domain())).setValue(id.value());
    }

    /** The regional id among a person's identifiers, if any. */
    public Optional<Identifier> regional(List<Identifier> ids) {
        var code = domains.affinityDomain().code();
        return ids.stream().filter(id -> id.domain().equals(code)).findFirst();
    }

    // ---- index → Patient ----------------------------------------------------------------------------------------

    /**
     * The Patient of an active person: its active identifiers and the source record {@code recordId} (a PDQ match),
     * or when null its newest active one; empty when the person was merged away or has no regional id.
     */
    public Optional<Patient> person(long personId, Long recordId) {
        var ids = index.activeIdentifiers(personId);
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        Demographics shown;
        if (recordId != null) {
            shown = index.record(recordId).map(PersonIndexStore.StoredRecord::demographics).orElse(null);
        } else {
            // the newest record: records are listed in the order stored, and a feed of a source rewrites its row
            shown = index.records(personId).stream().filter(r -> "ACTIVE".equals(r.status()))
                    .reduce((first, second) -> second).map(PersonIndexStore.StoredRecord::demographics).orElse(null);
        }
        return regional(ids).map(r -> toPatient(ids, shown));
    }

    /** The Patient of these identifiers (one of them the regional id) and demographics (null: identifiers only). */
    public Patient toPatient(List<Identifier> ids, Demographics d) {
        var patient = new Patient();
        patient.setId(regional(ids).map(Identifier::value).orElseThrow(
                () -> new IllegalArgumentException("A person without a regional id: " + ids)));
        // several ids of one domain side by side, as everywhere (ITI TF-2a 3.9.4.2.2.6 Case 6)
        for (var id : Identifier.groupedByDomain(ids)) {
            patient.addIdentifier(identifier(id));
        }
        // only active persons are answered: a merged one is gone (404), not inactive
        patient.setActive(true);
        if (d == null) {
            return patient;
        }
        for (var xpn : d.allNames()) {
            var name = humanName(xpn);
            if (!name.isEmpty()) {
                patient.addName(name);
            }
        }
        for (var xtn : d.allPhones()) {
            var telecom = contactPoint(xtn);
            if (telecom != null) {
                patient.addTelecom(telecom);
            }
        }
        var gender = gender(d.sex());
        if (gender != null) {
            patient.setGender(gender);
        }
        var birth = birthDate(d.birthDate());
        if (birth != null) {
            patient.setBirthDateElement(birth);
        }
        for (var xad : d.allAddresses()) {
            var address = address(xad);
            if (!address.isEmpty()) {
                patient.addAddress(address);
            }
        }
        return patient;
    }

    /** XPN family^given^middle^suffix^prefix^degree^type^representation → HumanName. */
    static HumanName humanName(String xpn) {
        var name = new HumanName();
        name.setFamily(EncodedField.part(xpn, 1, 1));
        var given = EncodedField.part(xpn, 2, 1);
        if (given != null) {
            name.addGiven(given);
        }
        var middle = EncodedField.part(xpn, 3, 1);
        if (middle != null) {
            name.addGiven(middle);
        }
        var suffix = EncodedField.part(xpn, 4, 1);
        if (suffix != null) {
            name.addSuffix(suffix);
        }
        var prefix = EncodedField.part(xpn, 5, 1);
        if (prefix != null) {
            name.addPrefix(prefix);
        }
        var use = switch (String.valueOf(EncodedField.part(xpn, 7, 1))) {
            case "L" -> HumanName.NameUse.OFFICIAL;
            case "D" -> HumanName.NameUse.USUAL;
            case "M" -> HumanName.NameUse.MAIDEN;
            case "N" -> HumanName.NameUse.NICKNAME;
            case "A", "S" -> HumanName.NameUse.ANONYMOUS;
            default -> null;
        };
        if (use != null) {
            name.setUse(use);
        }
        var representation = switch (String.valueOf(EncodedField.part(xpn, 8, 1))) {
            case "I" -> "IDE";
            case "P" -> "SYL";
            case "A" -> "ABC";
            default -> null;
        };
        if (representation != null) {
            name.addExtension(REPRESENTATION, new CodeType(representation));
        }
        return name;
    }

    /** XTN number^use^equipment^email^...^unformatted number (12) → ContactPoint; null when it holds nothing. */
    static ContactPoint contactPoint(String xtn) {
        var use = EncodedField.part(xtn, 2, 1);
        var equipment = EncodedField.part(xtn, 3, 1);
        var email = EncodedField.part(xtn, 4, 1);
        var point = new ContactPoint();
        if (email != null || "NET".equals(use) || "Internet".equalsIgnoreCase(String.valueOf(equipment))) {
            var value = email != null ? email : EncodedField.part(xtn, 1, 1);
            if (value == null) {
                return null;
            }
            return point.setSystem(ContactPoint.ContactPointSystem.EMAIL).setValue(value);
        }
        var number = EncodedField.part(xtn, 1, 1) != null ? EncodedField.part(xtn, 1, 1) : EncodedField.part(xtn, 12, 1);
        if (number == null) {
            return null;
        }
        point.setSystem("FX".equals(equipment) ? ContactPoint.ContactPointSystem.FAX : ContactPoint.ContactPointSystem.PHONE)
                .setValue(number);
        if ("CP".equals(equipment)) {
            point.setUse(ContactPoint.ContactPointUse.MOBILE);
        } else if ("PRN".equals(use)) {
            point.setUse(ContactPoint.ContactPointUse.HOME);
        } else if ("WPN".equals(use)) {
            point.setUse(ContactPoint.ContactPointUse.WORK);
        }
        return point;
    }

    /** XAD street^other^city^state^postal code^country^type → Address. */
    static Address address(String xad) {
        var address = new Address();
        for (int c = 1; c <= 2; c++) {
            var line = EncodedField.part(xad, c, 1);
            if (line != null) {
                address.addLine(line);
            }
        }
        address.setCity(EncodedField.part(xad, 3, 1));
        address.setState(EncodedField.part(xad, 4, 1));
        address.setPostalCode(EncodedField.part(xad, 5, 1));
        address.setCountry(EncodedField.part(xad, 6, 1));
        var type = EncodedField.part(xad, 7, 1);
        if ("H".equals(type)) {
            address.setUse(Address.AddressUse.HOME);
        } else if ("B".equals(type) || "O".equals(type)) {
            address.setUse(Address.AddressUse.WORK);
        }
        return address;
    }

    /** HL7 table 0001 sex → FHIR administrative gender (the v2-to-FHIR mapping of PID-8). */
    static AdministrativeGender gender(String sex) {
        if (sex == null) {
            return null;
        }
        return switch (sex.trim().toUpperCase(Locale.ROOT)) {
            case "M" -> AdministrativeGender.MALE;
            case "F" -> AdministrativeGender.FEMALE;
            case "O", "A" -> AdministrativeGender.OTHER;
            case "U" -> AdministrativeGender.UNKNOWN;
            default -> null;
        };
    }

    /** An HL7 TS (YYYY[MM[DD[...]]]) as a FHIR date of its precision; null when it is not one. */
    static DateType birthDate(String ts) {
        if (ts == null) {
            return null;
        }
        var t = ts.trim();
        var digits = t.length() >= 8 ? t.substring(0, 8) : t;
        if (!digits.matches("\\d{4}(\\d{2}(\\d{2})?)?")) {
            return null;
        }
        var text = digits.substring(0, 4) + (digits.length() >= 6 ? "-" + digits.substring(4, 6) : "")
                + (digits.length() == 8 ? "-" + digits.substring(6, 8) : "");
        try {
            return new DateType(text);
        } catch (ca.uhn.fhir.parser.DataFormatException | IllegalArgumentException e) {
            return null; // e.g. 198513: no month 13
        }
    }

    // ---- Patient → feed -----------------------------------------------------------------------------------------

    /**
     * The demographics a fed Patient (ITI-104) carries, encoded as PID-5, -7, -8, -11, -13 would be (so ITI-21, the
     * console and record linkage read them as they read an ITI-8 feed). Values longer than the patient_record
     * columns are the sender's error: 422 naming the element, as ITI-8 answers AE 102 at the field.
     */
    public Demographics demographics(Patient patient) {
        var names = new ArrayList<String>();
        String family = null;
        String given = null;
        for (int i = 0; i < patient.getName().size(); i++) {
            var name = patient.getName().get(i);
            var f = blankToNull(name.getFamily());
            var g = name.getGiven().stream().map(StringType::getValue).map(PatientResources::blankToNull)
                    .filter(java.util.Objects::nonNull).toList();
            var first = g.isEmpty() ? null : g.get(0);
            var middle = g.size() > 1 ? String.join(" ", g.subList(1, g.size())) : null;
            limit(f, 200, "Patient.name[" + i + "].family");
            limit(first, 200, "Patient.name[" + i + "].given");
            if (f == null && first == null) {
                continue;
            }
            if (family == null && given == null) {
                family = f;
                given = first;
            }
            names.add(EncodedField.of(f, first, middle, joined(name.getSuffix()), joined(name.getPrefix()), null,
                    nameType(name), representation(name)));
        }
        var addresses = new ArrayList<String>();
        String street = null, city = null, state = null, postalCode = null, country = null;
        for (int i = 0; i < patient.getAddress().size(); i++) {
            var a = patient.getAddress().get(i);
            var lines = a.getLine().stream().map(StringType::getValue).map(PatientResources::blankToNull)
                    .filter(java.util.Objects::nonNull).toList();
            var line1 = lines.isEmpty() ? null : lines.get(0);
            var line2 = lines.size() > 1 ? String.join(" ", lines.subList(1, lines.size())) : null;
            var encoded = EncodedField.of(line1, line2, blankToNull(a.getCity()), blankToNull(a.getState()),
                    blankToNull(a.getPostalCode()), blankToNull(a.getCountry()), addressType(a));
            if (encoded.isEmpty()) {
                continue;
            }
            if (addresses.isEmpty()) {
                street = limit(line1, 400, "Patient.address[" + i + "].line");
                city = limit(blankToNull(a.getCity()), 200, "Patient.address[" + i + "].city");
                state = limit(blankToNull(a.getState()), 200, "Patient.address[" + i + "].state");
                postalCode = limit(blankToNull(a.getPostalCode()), 40, "Patient.address[" + i + "].postalCode");
                country = limit(blankToNull(a.getCountry()), 40, "Patient.address[" + i + "].country");
            }
            addresses.add(encoded);
        }
        var phones = new ArrayList<String>();
        String phone = null;
        for (int i = 0; i < patient.getTelecom().size(); i++) {
            var t = patient.getTelecom().get(i);
            var value = blankToNull(t.getValue());
            if (value == null) {
                continue;
            }
            if (t.getSystem() == ContactPoint.ContactPointSystem.EMAIL) {
                phones.add(EncodedField.of(null, "NET", "Internet", value));
                continue;
            }
            var number = value.replaceFirst("^(?i)tel:", "");
            if (phone == null && t.getSystem() != ContactPoint.ContactPointSystem.FAX) {
                phone = limit(number, 100, "Patient.telecom[" + i + "].value");
            }
            phones.add(EncodedField.of(number, telecomUse(t), telecomEquipment(t)));
        }
        var birth = patient.hasBirthDateElement() ? patient.getBirthDateElement().getValueAsString().replace("-", "") : null;
        return new Demographics(family, given, birth, sex(patient), street, city, state, postalCode, country, phone,
                null, null, null, null, null, null, null, null, null, names, addresses, phones);
    }

    private static String nameType(HumanName name) {
        if (!name.hasUse()) {
            return null;
        }
        return switch (name.getUse()) {
            case OFFICIAL -> "L";
            case USUAL -> "D";
            case MAIDEN -> "M";
            case NICKNAME -> "N";
            case ANONYMOUS -> "S";
            default -> null;
        };
    }

    private static String representation(HumanName name) {
        var ext = name.getExtensionByUrl(REPRESENTATION);
        if (ext == null || !(ext.getValue() instanceof org.hl7.fhir.r4.model.PrimitiveType<?> code)) {
            return null;
        }
        return switch (String.valueOf(code.getValueAsString()).toUpperCase(Locale.ROOT)) {
            case "IDE" -> "I";
            case "SYL" -> "P";
            case "ABC" -> "A";
            default -> null;
        };
    }

    private static String addressType(Address a) {
        if (!a.hasUse()) {
            return null;
        }
        return switch (a.getUse()) {
            case HOME -> "H";
            case WORK -> "B";
            default -> null;
        };
    }

    private static String telecomUse(ContactPoint t) {
        if (!t.hasUse()) {
            return null;
        }
        return switch (t.getUse()) {
            case HOME -> "PRN";
            case WORK -> "WPN";
            case MOBILE -> "PRN";
            default -> null;
        };
    }

    private static String telecomEquipment(ContactPoint t) {
        if (t.getSystem() == ContactPoint.ContactPointSystem.FAX) {
            return "FX";
        }
        return t.hasUse() && t.getUse() == ContactPoint.ContactPointUse.MOBILE ? "CP" : "PH";
    }

    private static String sex(Patient patient) {
        if (!patient.hasGender()) {
            return null;
        }
        return switch (patient.getGender()) {
            case MALE -> "M";
            case FEMALE -> "F";
            case OTHER -> "O";
            case UNKNOWN, NULL -> "U";
        };
    }

    private static String joined(List<StringType> parts) {
        var values = parts.stream().map(StringType::getValue).map(PatientResources::blankToNull)
                .filter(java.util.Objects::nonNull).toList();
        return values.isEmpty() ? null : String.join(" ", values);
    }

    private static String limit(String value, int max, String element) {
        if (value != null && value.length() > max) {
            throw Outcomes.unprocessable(IssueType.TOOLONG, element + " is " + value.length()
                    + " characters long; at most " + max + " are kept");
        }
        return value;
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
