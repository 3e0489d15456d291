package org.qiao.record;

import org.qiao.pix.Identifier;
import org.qiao.stats.Measure;
import org.qiao.stats.Tally;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Records a visit an ADT feed reports (ITI-8 A01, A04; ADT^A03) for the resident's timeline and counts it for the
 * statistics, both in the feed's transaction (the caller's), so a resent message records nothing twice.
 */
public class VisitRecorder {

    /** Records nothing: for handlers used without a resident record (tools, unit tests). */
    public static final VisitRecorder NONE = new VisitRecorder(null, Tally.NONE);

    private final VisitStore visits;
    private final Tally tally;

    public VisitRecorder(VisitStore visits, Tally tally) {
        this.visits = visits;
        this.tally = tally;
    }

    /** What a feed knows of one visit; {@code time} is the HL7 time of the event (PV1-44/45, EVN-2 or MSH-7). */
    public record Reported(Identifier patient, Visit.Kind kind, String time, String hospital, String patientClass,
                           String visitNumber, String location, String attending, String diagnoses,
                           String controlId) {
    }

    public void record(Reported v) {
        if (visits == null) {
            return;
        }
        visits.insert(v.patient(), v.kind(), instant(v.time()), v.hospital() == null ? "" : v.hospital(),
                v.patientClass(), v.visitNumber(), v.location(), v.attending(), v.diagnoses(), v.controlId());
        tally.count(Measure.VISITS, Tally.day(v.time()), v.hospital(), v.kind().name());
    }

    /**
     * An HL7 TS (YYYYMMDD[HHMM[SS]][+/-ZZZZ]) as an instant: with its offset when it has one, else in this
     * engine's zone (a hospital's times are local); now when it is missing or not a time.
     */
    public static OffsetDateTime instant(String hl7) {
        if (hl7 == null) {
            return OffsetDateTime.now();
        }
        var t = hl7.trim();
        int sign = Math.max(t.indexOf('+'), t.indexOf('-'));
        var digits = (sign > 0 ? t.substring(0, sign) : t).replaceAll("\\..*", "");
        if (digits.length() < 8 || !digits.chars().allMatch(Character::isDigit)) {
            return OffsetDateTime.now();
        }
        try {
            var padded = (digits + "000000").substring(0, 14);
            var local = LocalDateTime.of(Integer.parseInt(padded.substring(0, 4)), Integer.parseInt(padded.substring(4, 6)),
                    Integer.parseInt(padded.substring(6, 8)), Integer.parseInt(padded.substring(8, 10)),
                    Integer.parseInt(padded.substring(10, 12)), Integer.parseInt(padded.substring(12, 14)));
            if (sign > 0 && t.length() >= sign + 5) {
                var zone = t.substring(sign, sign + 5);
                return local.atOffset(ZoneOffset.of(zone.substring(0, 3) + ":" + zone.substring(3, 5)));
            }
            return local.atZone(ZoneId.systemDefault()).toOffsetDateTime();
        } catch (java.time.DateTimeException | NumberFormatException e) {
            return OffsetDateTime.now();
        }
    }
}
