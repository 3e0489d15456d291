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
                        String diagnosticService, List<Observation> observations) {

    /** HL7 table 0074 sections that are imaging or other exams (radiology, CT, MR, ultrasound, nuclear medicine, ECG…). */
    private static final java.util.Set<String> EXAM_SECTIONS = java.util.Set.of("RAD", "CT", "MR", "MRI", "US", "NM",
            "NMS", "NMR", "XR", "RX", "XRC", "CUS", "OUS", "VUS", "DX", "CR", "MG", "PT", "EC", "EN", "PF", "ES", "IMG");

    /** One OBX: code (OBX-3), value (OBX-5) of type OBX-2, unit (OBX-6), range (OBX-7), flags (OBX-8). */
    public record Observation(String code, String text, String codeSystem, String valueType, String value,
                              String unit, String referenceRange, String abnormalFlag, String status) {
    }

    /**
     * Whether this is an exam report rather than lab results: the diagnostic service section (OBR-24) is an imaging
     * or exam section, or every OBX is report text (TX/FT) with none of the values a lab sends.
     */
    public boolean exam() {
        if (diagnosticService != null) {
            return EXAM_SECTIONS.contains(diagnosticService.toUpperCase());
        }
        return observations.stream().allMatch(o -> "TX".equals(o.valueType()) || "FT".equals(o.valueType()));
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
