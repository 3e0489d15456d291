package org.qiao.record;

import java.time.OffsetDateTime;

/**
 * One visit event of a resident as an ADT feed reported it: an admission (A01), an outpatient registration (A04)
 * or a discharge (A03), at a hospital (MSH-4), for the source identifier the hospital sent.
 */
public record Visit(long id, String domain, String idValue, Kind kind, OffsetDateTime occurredAt, String hospital,
                    String patientClass, String visitNumber, String location, String attending, String diagnoses,
                    String controlId) {

    public enum Kind { ADMISSION, OUTPATIENT, DISCHARGE }
}
