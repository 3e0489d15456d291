package org.qiao.stats;

import java.time.LocalDate;

/**
 * What a feed calls when something that the statistics count arrives; the count is written in the feed's own
 * transaction (a delta row, StatisticsStore), so it is committed or rolled back with what it counts and a resent
 * message (answered from the journal) counts nothing twice.
 */
public class Tally {

    /** Counts nothing: for stores and services used without statistics (tools, unit tests). */
    public static final Tally NONE = new Tally(null);

    private final StatisticsStore store;

    public Tally(StatisticsStore store) {
        this.store = store;
    }

    public void count(Measure measure, LocalDate day, String hospital, String group) {
        if (store != null) {
            store.add(measure, day, hospital, group, 1);
        }
    }

    /**
     * The day of an HL7 date/time as the sender wrote it (YYYYMMDD…; its own local day, as a hospital counts its
     * days), or today when the value is missing or not a date.
     */
    public static LocalDate day(String hl7) {
        if (hl7 != null && hl7.length() >= 8 && hl7.substring(0, 8).chars().allMatch(Character::isDigit)) {
            try {
                return LocalDate.of(Integer.parseInt(hl7.substring(0, 4)), Integer.parseInt(hl7.substring(4, 6)),
                        Integer.parseInt(hl7.substring(6, 8)));
            } catch (java.time.DateTimeException e) {
                // an impossible date (20261340) is counted on the day it arrived
            }
        }
        return LocalDate.now();
    }
}
