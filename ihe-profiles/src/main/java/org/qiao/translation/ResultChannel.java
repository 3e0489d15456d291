package org.qiao.translation;

import org.qiao.pix.Identifier;
import org.qiao.pix.IdentityDomains;

import java.util.Set;

/**
 * A hospital system whose results Qiao turns into documents: who sends (MSH-3/MSH-4), how its patients are
 * identified, which translations it may use, and the XDS metadata its documents get.
 *
 * @param application    MSH-3 namespace
 * @param facility       MSH-4 namespace
 * @param facilityOid    the organisation's OID (author institution, custodian, submission set sourceId)
 * @param facilityName   the organisation's name
 * @param patientDomain  identity domain of PID-3 identifiers sent without an assigning authority
 * @param facilityTypeCode healthcareFacilityTypeCode (code^^scheme)
 * @param practiceSettingCode practiceSettingCode (code^^scheme)
 * @param translations   the {@link Kind}s this system's messages may become
 * @param repositoryUniqueId the repository its documents are provided to (the engine's own)
 */
public record ResultChannel(String application, String facility, String facilityOid, String facilityName,
                            String patientDomain, String facilityTypeCode, String practiceSettingCode,
                            Set<Kind> translations, String repositoryUniqueId) {

    /** What a message becomes; the names are those of {@code qiao.translation.channels[n].translations}. */
    public enum Kind {
        /** ORU^R01 with lab results → CDA laboratory report (LOINC 11502-2) */
        LAB("lab"),
        /** ORU^R01 with an imaging or other exam report → CDA diagnostic imaging report (LOINC 18748-4) */
        EXAM("exam"),
        /** MDM^T02 → CDA around the hospital's document */
        NOTE("note"),
        /** ADT^A03 with discharge data → CDA discharge summary (LOINC 18842-5) */
        DISCHARGE("discharge");

        public final String configName;

        Kind(String configName) {
            this.configName = configName;
        }

        public static Kind of(String configName) {
            for (var k : values()) {
                if (k.configName.equalsIgnoreCase(configName.trim())) {
                    return k;
                }
            }
            throw new IllegalArgumentException("Unknown translation '" + configName + "'; known: lab, exam, note, discharge");
        }
    }

    public String key() {
        return application + "^" + facility;
    }

    public boolean allows(Kind kind) {
        return translations.contains(kind);
    }

    /**
     * The patient identifier of a PID-3 CX (id^^^namespace&oid&type) in its identity domain; an identifier sent
     * without an assigning authority is in this channel's {@link #patientDomain}.
     *
     * @throws IllegalStateException when the assigning authority names no configured domain
     */
    public Identifier patientIdentifier(String patientCx, IdentityDomains domains) {
        var cx = patientCx.split("\\^", -1);
        var value = cx[0];
        var authority = cx.length > 3 ? cx[3].split("&", -1) : new String[0];
        var domain = authority.length == 0 || authority[0].isEmpty() && (authority.length < 2 || authority[1].isEmpty())
                ? domains.byCode(patientDomain)
                : domains.resolve(authority[0], authority.length > 1 ? authority[1] : null,
                authority.length > 2 ? authority[2] : null);
        return new Identifier(value, domain.orElseThrow(() -> new IllegalStateException(
                "Unknown patient domain in " + patientCx)).code());
    }
}
