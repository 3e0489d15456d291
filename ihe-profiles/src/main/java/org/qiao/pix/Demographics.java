package org.qiao.pix;

/**
 * What a source sent about a patient: PID demographics and PV1 visit data (kept for PDQ).
 * Dates are kept as HL7 TS strings, as sent. {@code accountNumber} is PID-18.1 (searched by PDQ).
 */
public record Demographics(String familyName, String givenName, String birthDate, String sex,
                           String street, String city, String state, String postalCode, String country,
                           String phone, String accountNumber, String patientClass, String location, String visitNumber,
                           String attending, String admitTime, String dischargeTime,
                           String pidSegment, String pv1Segment) {
}
