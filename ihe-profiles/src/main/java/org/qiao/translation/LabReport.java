package org.qiao.translation;

import java.util.List;

/**
 * What an ORU^R01 says, independent of HL7 v2: the patient as the hospital knows it, the order, and each
 * observation with its value, unit, reference range and flags.
 */
public record LabReport(String sendingApplication, String sendingFacility, String messageTime,
                        List<String> patientIdentifiers, String familyName, String givenName, String birthDate,
                        String sex, String placerOrder, String fillerOrder, String serviceCode, String serviceText,
                        String observationTime, String resultStatus, String orderingProvider,
                        List<Observation> observations) {

    /** One OBX: code (OBX-3), value (OBX-5) of type OBX-2, unit (OBX-6), range (OBX-7), flags (OBX-8). */
    public record Observation(String code, String text, String codeSystem, String valueType, String value,
                              String unit, String referenceRange, String abnormalFlag, String status) {
    }

    /** A corrected result (OBR-25 = C) replaces the report sent before for the same order. */
    public boolean corrected() {
        return "C".equals(resultStatus);
    }

    /** The order this report answers: the filler's number, else the placer's. */
    public String orderKey() {
        return sendingFacility + "|" + (fillerOrder != null ? fillerOrder : placerOrder);
    }
}
