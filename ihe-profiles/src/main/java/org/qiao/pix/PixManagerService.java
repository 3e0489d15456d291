package org.qiao.pix;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * The PIX Manager over the patient store.
 *
 * <p>Feeding a patient:
 * <ol>
 *   <li>ask the matcher which existing persons the feed belongs to, and lock them;</li>
 *   <li>none: create a person; several: the oldest survives and absorbs the others (their regional ids retire);</li>
 *   <li>store the source's demographics under its record key (and let the matcher index it) and attach
 *       every identifier sent;</li>
 *   <li>make sure the person has a regional id in the affinity domain (assign one if none was sent);</li>
 *   <li>if the set of cross-referenced identifiers changed, tell the listener (ITI-10 notifications).</li>
 * </ol>
 */
public class PixManagerService implements PixManager {

    private final PatientStore store;
    private final PersonMatcher matcher;
    private final IdentityDomains domains;
    private final CrossReferenceListener listener;
    private final String regionalIdPrefix;

    public PixManagerService(PatientStore store, PersonMatcher matcher, IdentityDomains domains,
                             CrossReferenceListener listener, String regionalIdPrefix) {
        this.store = store;
        this.matcher = matcher;
        this.domains = domains;
        this.listener = listener;
        this.regionalIdPrefix = regionalIdPrefix;
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
    public FeedResult merge(PatientFeed survivor, Identifier retired) {
        var retiredRow = store.find(retired).filter(PatientStore.IdentifierRow::active)
                .orElseThrow(() -> new UnknownIdentifierException(retired));
        if (survivor.identifiers().contains(retired)) {
            throw new IllegalArgumentException("A patient cannot be merged into itself: " + retired);
        }
        var result = apply(survivor);
        long survivorPerson = result.personId();
        if (retiredRow.personId() != survivorPerson) {
            store.lockPersons(List.of(survivorPerson, retiredRow.personId()));
            store.absorbPerson(survivorPerson, retiredRow.personId(), domains.affinityDomain().code());
        }
        store.retireIdentifier(retired, survivorPerson);
        notifyListener(survivorPerson, survivor.demographics());
        return new FeedResult(survivorPerson, result.regionalId(), true);
    }

    @Override
    public Optional<List<Identifier>> crossReferences(Identifier identifier) {
        return store.activePersonOf(identifier).map(store::activeIdentifiers);
    }

    private FeedResult apply(PatientFeed feed) {
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
                    store.absorbPerson(personId, other, domains.affinityDomain().code());
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
        return new FeedResult(personId, regional.get(), changed);
    }

    private void notifyListener(long personId, Demographics latest) {
        listener.crossReferencesChanged(personId, store.activeIdentifiers(personId), latest);
    }
}
