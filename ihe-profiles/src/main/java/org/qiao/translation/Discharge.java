package org.qiao.translation;

import java.util.List;

/**
 * What an ADT^A03 (discharge) says about the stay, independent of HL7 v2.
 *
 * @param visitNumber  PV1-19
 * @param admitted     PV1-44 admit date/time
 * @param discharged   PV1-45 discharge date/time
 * @param disposition  PV1-36 discharge disposition (HL7 table 0112, or the hospital's code)
 * @param attending    PV1-7 attending doctor's name
 * @param diagnoses    DG1 segments
 * @param procedures   PR1 segments
 */
public record Discharge(String sendingApplication, String sendingFacility, String controlId,
                        String patientIdentifier, String familyName, String givenName, String birthDate, String sex,
                        String visitNumber, String admitted, String discharged, String disposition, String attending,
                        List<Coded> diagnoses, List<Coded> procedures) {

    /** A coded diagnosis (DG1-3, type DG1-6) or procedure (PR1-3, time PR1-5). */
    public record Coded(String code, String text, String codeSystem, String typeOrTime) {
    }
}
