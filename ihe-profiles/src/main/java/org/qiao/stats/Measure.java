package org.qiao.stats;

import java.util.List;

/**
 * What the health authority can count (statistics and decision support, 统计与决策支持), and by what each can be
 * grouped besides time and hospital: {@code kind} (a visit's or document's kind) or {@code code} (a LOINC test,
 * an ICD-10 code; {@code chapter} groups ICD-10 codes by chapter).
 */
public enum Measure {
    /** New residents: a source record that made a new regional identity (ITI-8, ITI-30, ITI-44). */
    RESIDENTS("residents", List.of()),
    /** Source records linked to a resident another hospital had registered (by identifier or by matching). */
    LINKS("links", List.of()),
    /** Visits from the ADT feeds: kind ADMISSION (A01), OUTPATIENT (A04), DISCHARGE (A03). */
    VISITS("visits", List.of("kind")),
    /** Documents registered (ITI-41, ITI-42 and translated results), kind = their type code's display name. */
    DOCUMENTS("documents", List.of("kind")),
    /** Lab results: one per OBX of a lab ORU^R01, code = OBX-3 (LOINC). */
    LAB_RESULTS("lab-results", List.of("code")),
    /** Lab results an OBX-8 interpretation flag marks abnormal (HL7 table 0078: anything but N or empty). */
    ABNORMAL_LAB_RESULTS("abnormal-lab-results", List.of("code")),
    /** Discharge diagnoses (ADT^A03 DG1-3), code = the ICD-10 code. */
    DISCHARGE_DIAGNOSES("discharge-diagnoses", List.of("code", "chapter"));

    public final String id;
    /** Groupings beyond "hospital" this measure has. */
    public final List<String> groups;

    Measure(String id, List<String> groups) {
        this.id = id;
        this.groups = groups;
    }

    public static java.util.Optional<Measure> byId(String id) {
        for (var m : values()) {
            if (m.id.equals(id)) {
                return java.util.Optional.of(m);
            }
        }
        return java.util.Optional.empty();
    }
}
