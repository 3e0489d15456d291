package org.qiao.translation;

/**
 * What an MDM^T02 carries: a finished clinical document from a hospital system, as text or as an embedded
 * file (usually PDF, base64 in an OBX of type ED).
 *
 * @param documentType   TXA-2, e.g. DS (discharge summary), CN (consultation note)
 * @param documentNumber TXA-12, the hospital's unique document number
 * @param mediaType      MIME type of the content: text/plain, or the ED type/subtype (application/pdf)
 * @param base64         the content as base64 (ED) or null for text
 * @param text           the content as text (TX/FT lines joined) or null for ED
 */
public record ClinicalNote(String sendingApplication, String sendingFacility, String patientIdentifier,
                           String familyName, String givenName, String birthDate, String sex, String documentType,
                           String documentNumber, String activityTime, String authorName, String mediaType,
                           String base64, String text) {

    public boolean dischargeSummary() {
        return "DS".equalsIgnoreCase(documentType);
    }
}
