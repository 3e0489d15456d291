package org.qiao.pix;

import org.qiao.stats.Measure;
import org.qiao.stats.Tally;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * The PIX Manager over the person index ({@link PersonIndexStore}) and its link audit ({@link LinkEventStore}).
 *
 * <p>Feeding a patient:
 * <ol>
 *   <li>ask the matcher which existing persons the feed belongs to, and lock them;</li>
 *   <li>none: create a person; several: the oldest survives and absorbs the others (their regional ids retire;
 *       each absorption is audited as a link);</li>
 *   <li>store the source's demographics under its record key (and let the matcher index it) and attach
 *       every identifier sent;</li>
 *   <li>make sure the person has a regional id in the affinity domain (assign one if none was sent);</li>
 *   <li>if the set of cross-referenced identifiers changed, tell the listener (ITI-10 notifications).</li>
 * </ol>
 *
 * <p>Merge, link, unlink and change of identifier are decisions: each is recorded in the link audit
 * (persons before and after, and what caused it) so an operator can see it and undo a link or unlink,
 * and each tells the listener about every person it changed.
 *
 * <p>Transactions: the caller's (a message's changes commit with its journal entry), except for undo, an
 * operator's decision, which runs in a transaction of its own (or joins the caller's).
 */
public class PixManagerService implements PixManager {

    private final PersonIndexStore store;
    private final LinkEventStore events;
    private final PersonMatcher matcher;
    private final IdentityDomains domains;
    private final CrossReferenceListener listener;
    private final String regionalIdPrefix;
    private final TransactionTemplate tx;
    private final Tally tally;

    public PixManagerService(PersonIndexStore store, LinkEventStore events, PersonMatcher matcher,
                             IdentityDomains domains, CrossReferenceListener listener, String regionalIdPrefix,
                             TransactionTemplate tx) {
        this(store, events, matcher, domains, listener, regionalIdPrefix, tx, Tally.NONE);
    }

    /**
     * With {@code tally}: each feed that registers a new resident (Measure.RESIDENTS) or links a new source record
     * to a known one (Measure.LINKS) is counted, per hospital (the source domain's namespace), in its transaction.
     */
    public PixManagerService(PersonIndexStore store, LinkEventStore events, PersonMatcher matcher,
                             IdentityDomains domains, CrossReferenceListener listener, String regionalIdPrefix,
                             TransactionTemplate tx, Tally tally) {
        this.tally = tally;
        this.store = store;
        this.events = events;
        this.matcher = matcher;
        this.domains = domains;
        this.listener = listener;
        this.regionalIdPrefix = regionalIdPrefix;
        this.tx = tx;
    }

    @Override
    public FeedResult feed(PatientFeed feed) {
        var result = apply(feed);
        if (result.crossReferencesChanged()) {
            notifyListener(result.personId(), feed.demographics());
        }
        return result;
    }

    @Override
    public FeedResult merge(PatientFeed survivor, Identifier retired, String cause) {
        var retiredRow = store.find(retired).filter(PersonIndexStore.IdentifierRow::active)
                .orElseThrow(() -> new UnknownIdentifierException(retired));
        if (survivor.identifiers().contains(retired)) {
            throw new IllegalArgumentException("A patient cannot be merged into itself: " + retired);
        }
        var result = apply(survivor);
        long survivorPerson = result.personId();
        List<PersonIndexStore.MovedRow> moved;
        if (retiredRow.personId() != survivorPerson) {
            store.lockPersons(List.of(survivorPerson, retiredRow.personId()));
            moved = store.rowsOf(retiredRow.personId());
            store.absorbPerson(survivorPerson, retiredRow.personId(), domains.affinityDomain().code());
        } else {
            moved = store.rowsOf(retired, survivorPerson);
        }
        store.retireIdentifier(retired, survivorPerson);
        long event = events.recordLinkEvent("MERGE", cause, survivor.identifiers().get(0), retired, survivorPerson,
                retiredRow.personId(), survivorPerson, survivorPerson);
        events.recordMoves(event, moved);
        notifyListener(survivorPerson, survivor.demographics());
        return new FeedResult(survivorPerson, result.regionalId(), true);
    }

    /**
     * Change of identifier:
     * <ol>
     *   <li>the old identifier must be active, the new one unknown and in the same domain;</li>
     *   <li>rename the identifier row (and the source record keyed by it): person and cross-references stay;</li>
     *   <li>audit it and tell the listener.</li>
     * </ol>
     */
    @Override
    public FeedResult changeIdentifier(Identifier old, Identifier renamed, String cause) {
        return changeIdentifierAudited(old, renamed, cause).result();
    }

    private Audited changeIdentifierAudited(Identifier old, Identifier renamed, String cause) {
        long person = store.activePersonOf(old).orElseThrow(() -> new UnknownIdentifierException(old));
        if (!old.domain().equals(renamed.domain())) {
            throw new IllegalArgumentException("A changed identifier stays in its domain: " + old + " → " + renamed);
        }
        if (store.find(renamed).isPresent()) {
            throw new IllegalArgumentException("Identifier " + renamed + " is known already");
        }
        store.lockPersons(List.of(person));
        store.renameIdentifier(old, renamed);
        store.touchPerson(person);
        long event = events.recordLinkEvent("CHANGE_ID", cause, old, renamed, person, null, person, person);
        notifyListener(person, null);
        return new Audited(new FeedResult(person, regionalId(person), true), event);
    }

    /**
     * Link:
     * <ol>
     *   <li>both identifiers must be active; lock both persons (nothing to do when they are one already);</li>
     *   <li>the older person absorbs the younger (whose regional ids retire), as a link from shared
     *       identifiers does;</li>
     *   <li>audit it and tell the listener.</li>
     * </ol>
     */
    @Override
    public FeedResult link(Identifier a, Identifier b, String cause) {
        return linkAudited(a, b, cause).result();
    }

    /** What a link or unlink did, and its row in the link audit (none when nothing changed). */
    private record Audited(FeedResult result, Long eventId) {
    }

    private Audited linkAudited(Identifier a, Identifier b, String cause) {
        long personA = store.activePersonOf(a).orElseThrow(() -> new UnknownIdentifierException(a));
        long personB = store.activePersonOf(b).orElseThrow(() -> new UnknownIdentifierException(b));
        if (personA == personB) {
            return new Audited(new FeedResult(personA, regionalId(personA), false), null);
        }
        store.lockPersons(List.of(personA, personB));
        long survivor = Math.min(personA, personB);
        store.absorbPerson(survivor, Math.max(personA, personB), domains.affinityDomain().code());
        store.touchPerson(survivor);
        long event = events.recordLinkEvent("LINK", cause, a, b, personA, personB, survivor, survivor);
        notifyListener(survivor, null);
        return new Audited(new FeedResult(survivor, regionalId(survivor), true), event);
    }

    /**
     * Unlink:
     * <ol>
     *   <li>both identifiers must be active and cross-referenced (one person); lock it;</li>
     *   <li>create a new person and move the source record {@code b} came with, with its identifiers, to it;</li>
     *   <li>give the new person a regional id (the old person keeps its own);</li>
     *   <li>audit it and tell the listener about both persons.</li>
     * </ol>
     */
    @Override
    public FeedResult unlink(Identifier a, Identifier b, String cause) {
        return unlinkAudited(a, b, cause).result();
    }

    private Audited unlinkAudited(Identifier a, Identifier b, String cause) {
        long personA = store.activePersonOf(a).orElseThrow(() -> new UnknownIdentifierException(a));
        long personB = store.activePersonOf(b).orElseThrow(() -> new UnknownIdentifierException(b));
        if (personA != personB) {
            throw new IllegalArgumentException(a + " and " + b + " are not linked");
        }
        store.lockPersons(List.of(personA));
        long split = store.createPerson();
        store.moveRecordOf(b, split);
        if (store.activePersonOf(a).orElseThrow() == split) {
            throw new IllegalArgumentException(a + " and " + b + " came with the same source record");
        }
        store.touchPerson(personA);
        var regional = assignRegionalId(split);
        long event = events.recordLinkEvent("UNLINK", cause, a, b, personA, personB, personA, split);
        notifyListener(personA, null);
        notifyListener(split, null);
        return new Audited(new FeedResult(split, regional, true), event);
    }

    @Override
    public List<LinkEventStore.LinkEvent> linkEvents(int limit) {
        return events.linkEvents(limit);
    }

    /**
     * Undo, recorded as a decision of its own and marking the event undone: a link is undone by an unlink of
     * the same pair, an unlink by a link, a change of identifier by the change back, a merge by
     * {@link #unmerge}.
     */
    @Override
    public FeedResult undo(long eventId, String cause) {
        return tx.execute(status -> applyUndo(eventId, cause));
    }

    private FeedResult applyUndo(long eventId, String cause) {
        var event = events.linkEvent(eventId)
                .orElseThrow(() -> new IllegalArgumentException("No link event " + eventId));
        if (event.undoneBy() != null) {
            throw new IllegalArgumentException("Link event " + eventId + " was undone already");
        }
        var undo = switch (event.kind()) {
            case "LINK" -> unlinkAudited(event.a(), event.b(), cause);
            case "UNLINK" -> linkAudited(event.a(), event.b(), cause);
            case "CHANGE_ID" -> changeIdentifierAudited(event.b(), event.a(), cause);
            case "MERGE" -> unmerge(event, cause);
            default -> throw new IllegalArgumentException("A " + event.kind() + " cannot be undone");
        };
        if (undo.eventId() == null) {
            throw new IllegalArgumentException("Link event " + eventId + " needs no undo: the two are linked already");
        }
        // conditional update: of two operators undoing the same event at once, the second one fails (rollback)
        if (!events.markUndone(eventId, undo.eventId())) {
            throw new IllegalArgumentException("Link event " + eventId + " was undone already");
        }
        return undo.result();
    }

    /**
     * Unmerge:
     * <ol>
     *   <li>the survivor must still be a person of its own (a later merge of it is undone first);</li>
     *   <li>when the merge absorbed the retired person, bring that person back;</li>
     *   <li>put every identifier and source record the merge moved back on it, with its status before (its
     *       regional id too), unless the row has moved on since;</li>
     *   <li>the retired identifier must be active again, else the undo fails (rollback);</li>
     *   <li>audit it and tell the listener about both persons.</li>
     * </ol>
     */
    private Audited unmerge(LinkEventStore.LinkEvent merge, String cause) {
        long survivor = merge.personAAfter();
        long retiredPerson = merge.personBBefore();
        var moves = events.moves(merge.id());
        if (moves.isEmpty()) {
            throw new IllegalArgumentException("Merge " + merge.id() + " kept no record of what it moved");
        }
        if (!store.isActivePerson(survivor)) {
            throw new IllegalArgumentException("The survivor of merge " + merge.id()
                    + " was merged into another person since; undo that first");
        }
        store.lockPersons(List.of(survivor));
        long target = survivor;
        if (retiredPerson != survivor) {
            if (!store.revivePerson(retiredPerson, survivor)) {
                throw new IllegalArgumentException("Person " + retiredPerson + " is not merged into " + survivor);
            }
            target = retiredPerson;
        }
        for (var row : moves) {
            store.restore(row, survivor, target);
        }
        if (store.activePersonOf(merge.b()).filter(p -> p == survivor || p == retiredPerson).isEmpty()) {
            throw new IllegalArgumentException(merge.b() + " has been used again since the merge");
        }
        store.touchPerson(survivor);
        var regional = regionalId(target);
        long event = events.recordLinkEvent("UNMERGE", cause, merge.a(), merge.b(), survivor, survivor, survivor,
                target);
        notifyListener(survivor, null);
        if (target != survivor) {
            notifyListener(target, null);
        }
        return new Audited(new FeedResult(target, regional, true), event);
    }

    /** An identifier a source gave the person (not the regional id), to name it in the link audit. */
    private Optional<Identifier> sourceIdentifier(long personId) {
        var regionalDomain = domains.affinityDomain().code();
        return store.activeIdentifiers(personId).stream().filter(id -> !id.domain().equals(regionalDomain))
                .findFirst();
    }

    private Identifier regionalId(long personId) {
        var regionalDomain = domains.affinityDomain().code();
        return store.activeIdentifiers(personId).stream().filter(id -> id.domain().equals(regionalDomain))
                .findFirst().orElseGet(() -> assignRegionalId(personId));
    }

    private Identifier assignRegionalId(long personId) {
        var assigned = new Identifier(regionalIdPrefix + String.format("%010d", personId),
                domains.affinityDomain().code());
        store.upsertIdentifier(assigned, personId, null);
        return assigned;
    }

    @Override
    public Optional<List<Identifier>> crossReferences(Identifier identifier) {
        return store.activePersonOf(identifier).map(store::activeIdentifiers);
    }

    private FeedResult apply(PatientFeed feed) {
        boolean newSource = tally != Tally.NONE && store.find(feed.recordKey()).isEmpty();
        var persons = matcher.matchingPersons(feed);
        store.lockPersons(persons);
        boolean changed = false;
        long personId;
        if (persons.isEmpty()) {
            personId = store.createPerson();
            changed = true;
        } else {
            personId = persons.stream().min(Long::compare).orElseThrow();
            for (var other : new HashSet<>(persons)) {
                if (other != personId) {
                    // audited like an A24, so an operator can see and undo a link the matcher made
                    var regionalDomain = domains.affinityDomain().code();
                    var survivorId = sourceIdentifier(personId);
                    var absorbedId = sourceIdentifier(other);
                    store.absorbPerson(personId, other, regionalDomain);
                    if (survivorId.isPresent() && absorbedId.isPresent()) {
                        events.recordLinkEvent("LINK", "feed of " + feed.recordKey(), survivorId.get(),
                                absorbedId.get(), personId, other, personId, personId);
                    }
                    changed = true;
                }
            }
            store.touchPerson(personId);
        }
        var recordId = store.upsertRecord(personId, feed.recordKey(), feed.demographics());
        matcher.recordStored(recordId, feed);
        for (var id : feed.identifiers()) {
            changed |= store.upsertIdentifier(id, personId, recordId);
        }
        var regionalDomain = domains.affinityDomain().code();
        var regional = store.activeIdentifiers(personId).stream()
                .filter(id -> id.domain().equals(regionalDomain)).findFirst();
        if (regional.isEmpty()) {
            var assigned = new Identifier(regionalIdPrefix + String.format("%010d", personId), regionalDomain);
            store.upsertIdentifier(assigned, personId, null);
            regional = Optional.of(assigned);
            changed = true;
        }
        if (newSource) {
            var hospital = domains.byCode(feed.recordKey().domain()).map(IdentityDomain::namespace).orElse("");
            tally.count(persons.isEmpty() ? Measure.RESIDENTS : Measure.LINKS, LocalDate.now(), hospital, "");
        }
        return new FeedResult(personId, regional.get(), changed);
    }

    private void notifyListener(long personId, Demographics latest) {
        listener.crossReferencesChanged(personId, store.activeIdentifiers(personId), latest);
    }
}
