package org.qiao.translation;

/**
 * A hospital system whose results Qiao turns into documents: who sends (MSH-3/MSH-4), how its patients are
 * identified, and the XDS metadata its documents get.
 *
 * @param application    MSH-3 namespace
 * @param facility       MSH-4 namespace
 * @param facilityOid    the organisation's OID (author institution, custodian, submission set sourceId)
 * @param facilityName   the organisation's name
 * @param patientDomain  identity domain of PID-3 identifiers sent without an assigning authority
 * @param facilityTypeCode healthcareFacilityTypeCode (code^^scheme)
 * @param practiceSettingCode practiceSettingCode (code^^scheme)
 */
public record ResultChannel(String application, String facility, String facilityOid, String facilityName,
                            String patientDomain, String facilityTypeCode, String practiceSettingCode) {

    public String key() {
        return application + "^" + facility;
    }
}
