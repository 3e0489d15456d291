package org.qiao.pix;

import java.util.List;
import java.util.Optional;

/**
 * The Patient Identifier Cross-reference Manager, in IHE terms. Callers own the transaction, except for
 * {@link #undo}, which opens its own (joining the caller's when there is one).
 */
public interface PixManager {

    /** Registers a patient or updates what its source sent (ITI-8 A01/A04/A05/A08, ITI-30 later). */
    FeedResult feed(PatientFeed feed);

    /**
     * Merges the patient known by {@code retired} into the one fed as {@code survivor} (A40): the retired
     * identifier is no longer answered for, and its cross-references move to the survivor.
     *
     * @throws UnknownIdentifierException when the retired identifier is not known
     */
    default FeedResult merge(PatientFeed survivor, Identifier retired) {
        return merge(survivor, retired, "merge");
    }

    /** {@link #merge(PatientFeed, Identifier)}, audited as caused by {@code cause} (the message, the operator). */
    FeedResult merge(PatientFeed survivor, Identifier retired, String cause);

    /**
     * Changes an identifier's value within its domain (ITI-30 A47): {@code old} is no longer answered for,
     * {@code renamed} is, and the person and its cross-references stay.
     *
     * @throws UnknownIdentifierException when {@code old} is not known
     * @throws IllegalArgumentException when {@code renamed} is known already or in another domain
     */
    FeedResult changeIdentifier(Identifier old, Identifier renamed, String cause);

    /**
     * Links the persons of two identifiers into one (ITI-30 A24); the older person survives.
     *
     * @throws UnknownIdentifierException when either identifier is not known
     */
    FeedResult link(Identifier a, Identifier b, String cause);

    /**
     * Undoes a link (ITI-30 A37): the source record {@code b} came with leaves {@code a}'s person and gets a
     * person of its own, with a new regional id.
     *
     * @throws UnknownIdentifierException when either identifier is not known
     * @throws IllegalArgumentException when the two are not cross-referenced
     */
    FeedResult unlink(Identifier a, Identifier b, String cause);

    /** The audited link decisions, newest first. */
    List<LinkEventStore.LinkEvent> linkEvents(int limit);

    /**
     * Undoes an audited decision: a link by an unlink, an unlink by a link, a change of identifier by the
     * change back, a merge by an unmerge (the retired identifier, its person and what the merge moved come back).
     * A refused undo changes nothing (its transaction rolls back).
     *
     * @throws IllegalArgumentException when the event is unknown, undone already, or cannot be undone
     */
    FeedResult undo(long eventId, String cause);

    /** All active identifiers cross-referenced with this one (itself included), or empty if it is unknown. */
    Optional<List<Identifier>> crossReferences(Identifier identifier);

    /** What a feed did. */
    record FeedResult(long personId, Identifier regionalId, boolean crossReferencesChanged) {
    }
}
