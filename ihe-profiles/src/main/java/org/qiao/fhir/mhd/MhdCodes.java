package org.qiao.fhir.mhd;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.LocalizedString;

import java.util.Map;

/**
 * XDS codes (code, display, coding scheme OID) as FHIR Codings and back. MHD 4.2.1 (ITI TF-2 Appendix Z.9.1.2):
 * a coding scheme is the FHIR system {@code urn:oid:<scheme>}, except for the code systems FHIR names by URL.
 */
final class MhdCodes {

    /** Code systems with a canonical FHIR URL, by their OID. */
    private static final Map<String, String> URL_BY_OID = Map.of(
            "2.16.840.1.113883.6.1", "http://loinc.org",
            "2.16.840.1.113883.6.96", "http://snomed.info/sct",
            "2.16.840.1.113883.5.25", "http://terminology.hl7.org/CodeSystem/v3-Confidentiality",
            "1.3.6.1.4.1.19376.1.2.3", "http://ihe.net/fhir/ihe.formatcode.fhir/CodeSystem/formatcode",
            "2.16.840.1.113883.6.3", "http://hl7.org/fhir/sid/icd-10");
    private static final Map<String, String> OID_BY_URL;

    static {
        var reverse = new java.util.HashMap<String, String>();
        URL_BY_OID.forEach((oid, url) -> reverse.put(url, oid));
        OID_BY_URL = Map.copyOf(reverse);
    }

    private MhdCodes() {
    }

    static String system(String scheme) {
        if (scheme == null) {
            return null;
        }
        return URL_BY_OID.getOrDefault(scheme, scheme.startsWith("urn:") ? scheme : "urn:oid:" + scheme);
    }

    static String scheme(String system) {
        if (system == null) {
            return null;
        }
        var oid = OID_BY_URL.get(system);
        if (oid != null) {
            return oid;
        }
        return system.startsWith("urn:oid:") ? system.substring("urn:oid:".length()) : system;
    }

    static Coding coding(Code code) {
        var coding = new Coding().setSystem(system(code.getSchemeName())).setCode(code.getCode());
        if (code.getDisplayName() != null) {
            coding.setDisplay(code.getDisplayName().getValue());
        }
        return coding;
    }

    static CodeableConcept concept(Code code) {
        return code == null ? null : new CodeableConcept().addCoding(coding(code));
    }

    static Code code(Coding coding) {
        if (coding == null || coding.getCode() == null) {
            return null;
        }
        // XDS requires a display name on every code (ITI TF-3 4.2.3.1.2): the code stands in when none is sent
        return new Code(coding.getCode(), new LocalizedString(coding.hasDisplay() ? coding.getDisplay() : coding.getCode()),
                scheme(coding.getSystem()));
    }

    static Code code(CodeableConcept concept) {
        return concept == null || concept.getCoding().isEmpty() ? null : code(concept.getCodingFirstRep());
    }
}
