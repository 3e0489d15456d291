package org.qiao.pix;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Deterministic linking: a feed is the same person as every person that already holds one of the
 * identifiers sent with it. Identifiers sent together in PID-3 are thereby linked, and so are records
 * sharing a national ID or health card number (the same identifier in the same domain).
 */
public class DeterministicMatcher implements PersonMatcher {

    private final PersonIndexStore store;

    public DeterministicMatcher(PersonIndexStore store) {
        this.store = store;
    }

    @Override
    public Set<Long> matchingPersons(PatientFeed feed) {
        var persons = new LinkedHashSet<Long>();
        for (var id : feed.identifiers()) {
            store.activePersonOf(id).ifPresent(persons::add);
        }
        return persons;
    }
}
