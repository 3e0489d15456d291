package org.qiao.pix;

import java.util.List;
import java.util.Optional;

/** The Patient Identifier Cross-reference Manager, in IHE terms. Callers own the transaction. */
public interface PixManager {

    /** Registers a patient or updates what its source sent (ITI-8 A01/A04/A05/A08, ITI-30 later). */
    FeedResult feed(PatientFeed feed);

    /**
     * Merges the patient known by {@code retired} into the one fed as {@code survivor} (A40): the retired
     * identifier is no longer answered for, and its cross-references move to the survivor.
     *
     * @throws UnknownIdentifierException when the retired identifier is not known
     */
    FeedResult merge(PatientFeed survivor, Identifier retired);

    /** All active identifiers cross-referenced with this one (itself included), or empty if it is unknown. */
    Optional<List<Identifier>> crossReferences(Identifier identifier);

    /** What a feed did. */
    record FeedResult(long personId, Identifier regionalId, boolean crossReferencesChanged) {
    }
}
