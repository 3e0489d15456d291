package org.qiao.pix;

import org.qiao.pix.PersonIndexStore.StoredRecord;

import java.util.List;
import java.util.Optional;

/** What the console reads of a resident: one person, its cross-referenced identifiers and every source's record. */
public class ResidentRecords {

    private final PersonIndexStore index;

    public ResidentRecords(PersonIndexStore index) {
        this.index = index;
    }

    /** A resident: its person, active identifiers (oldest first) and source records (in the order stored). */
    public record Resident(long personId, List<Identifier> identifiers, List<StoredRecord> records) {
    }

    /** The resident an active identifier names; empty when none does. */
    public Optional<Resident> byIdentifier(Identifier id) {
        return index.activePersonOf(id)
                .map(person -> new Resident(person, index.activeIdentifiers(person), index.records(person)));
    }
}
