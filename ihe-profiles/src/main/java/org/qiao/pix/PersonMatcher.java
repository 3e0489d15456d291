package org.qiao.pix;

import java.util.Set;

/**
 * Decides which existing persons an incoming feed belongs to. The one place linking rules live:
 * deterministic now, probabilistic matching later behind the same interface.
 */
public interface PersonMatcher {

    /** Ids of the persons the feed is the same person as; empty for a new person. */
    Set<Long> matchingPersons(PatientFeed feed);

    /** Called once the feed's source record is stored (e.g. to index it for later matching). */
    default void recordStored(long recordId, PatientFeed feed) {
    }
}
