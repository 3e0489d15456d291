package org.qiao.pix.matching;

import org.qiao.pix.DomainType;
import org.qiao.pix.Identifier;
import org.qiao.pix.IdentityDomains;
import org.qiao.pix.PatientFeed;
import org.qiao.pix.PersonIndexStore;
import org.qiao.pix.PersonMatcher;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The matching service behind {@link PersonMatcher}: deterministic rules first, then record linkage.
 *
 * <p>Algorithm:
 * <ol>
 *   <li>the deterministic matcher's persons (a shared identifier, national ID or health card) are linked;</li>
 *   <li>the feed is normalised and its blocking keys looked up ({@link BlockingKeyStore}): the candidates are
 *       the active source records sharing a key, other persons' only;</li>
 *   <li>each candidate record is scored against the feed (with its person's national ID / health card
 *       numbers); a person counts with its best-scoring record (best decision, then weight);</li>
 *   <li>AUTO_LINK persons are linked too; REVIEW persons go to the review queue ({@link MatchReviewStore})
 *       and are not linked;</li>
 *   <li>once the feed's record is stored, its blocking keys are stored with it ({@link #recordStored}).</li>
 * </ol>
 */
public class ProbabilisticMatcher implements PersonMatcher {

    private final PersonIndexStore index;
    private final BlockingKeyStore blocking;
    private final MatchReviewStore reviews;
    private final PersonMatcher deterministic;
    private final RecordLinkage linkage;
    private final IdentityDomains domains;

    public ProbabilisticMatcher(PersonIndexStore index, BlockingKeyStore blocking, MatchReviewStore reviews,
                                PersonMatcher deterministic, RecordLinkage linkage, IdentityDomains domains) {
        this.index = index;
        this.blocking = blocking;
        this.reviews = reviews;
        this.deterministic = deterministic;
        this.linkage = linkage;
        this.domains = domains;
    }

    @Override
    public Set<Long> matchingPersons(PatientFeed feed) {
        var persons = new LinkedHashSet<>(deterministic.matchingPersons(feed));
        var fed = linkage.prepare(LinkageRecord.of(feed.demographics(), personIdentifiers(feed.identifiers())));
        var best = new HashMap<Long, RecordLinkage.Score>();
        var identifiersOf = new HashMap<Long, Map<String, String>>();
        for (var candidate : blocking.linkageCandidates(fed.blockingKeys())) {
            if (persons.contains(candidate.personId()) || candidate.key().equals(feed.recordKey())) {
                continue;
            }
            var ids = identifiersOf.computeIfAbsent(candidate.personId(),
                    p -> personIdentifiers(index.activeIdentifiers(p)));
            var score = linkage.compare(fed, linkage.prepare(LinkageRecord.of(candidate.demographics(), ids)));
            best.merge(candidate.personId(), score, ProbabilisticMatcher::better);
        }
        best.forEach((person, score) -> {
            switch (score.decision()) {
                case AUTO_LINK -> persons.add(person);
                case REVIEW -> reviews.queueReview(feed.recordKey(), person, score.weight(), describe(score));
                case SEPARATE -> { }
            }
        });
        return persons;
    }

    @Override
    public void recordStored(long recordId, PatientFeed feed) {
        var prepared = linkage.prepare(LinkageRecord.of(feed.demographics(), Map.of()));
        blocking.replaceBlockingKeys(recordId, prepared.blockingKeys());
    }

    /** The better decision, then the higher weight (a heavier pair capped to REVIEW by a sex disagreement loses). */
    private static RecordLinkage.Score better(RecordLinkage.Score a, RecordLinkage.Score b) {
        if (a.decision() != b.decision()) {
            return a.decision().ordinal() < b.decision().ordinal() ? a : b;
        }
        return a.weight() >= b.weight() ? a : b;
    }

    /** National ID and health card numbers by domain: another number of the same kind means another person. */
    private Map<String, String> personIdentifiers(List<Identifier> ids) {
        var out = new HashMap<String, String>();
        for (var id : ids) {
            var type = domains.byCode(id.domain()).map(d -> d.type()).orElse(DomainType.MRN);
            if (type == DomainType.NATIONAL_ID || type == DomainType.HEALTH_CARD) {
                out.putIfAbsent(id.domain(), id.value());
            }
        }
        return out;
    }

    /** "name=13.0 birthDate=14.8 …" for the reviewer. */
    private static String describe(RecordLinkage.Score score) {
        return score.fields().entrySet().stream()
                .map(e -> e.getKey() + "=" + String.format(Locale.ROOT, "%.1f", e.getValue()))
                .collect(Collectors.joining(" "));
    }
}
