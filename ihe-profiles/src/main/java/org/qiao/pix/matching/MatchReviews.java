package org.qiao.pix.matching;

import org.qiao.pix.Identifier;
import org.qiao.pix.PersonIndexStore;
import org.qiao.pix.PixManager;
import org.qiao.pix.matching.MatchReviewStore.MatchReview;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A person's decisions on the pairs record linkage could not decide (the REVIEW band).
 * <p>Linking a pair:
 * <ol>
 *   <li>the entry must still be open (a decision is taken once);</li>
 *   <li>the candidate person must still be a person of its own with an active identifier (a later merge or
 *       link may have absorbed it; then the pair is stale and the operator decides on the current one);</li>
 *   <li>the record's identifier and one of the candidate's are linked through the PIX Manager, so the
 *       decision is audited as a link event (undoable) and ITI-10 subscribers are told;</li>
 *   <li>the entry is closed as LINKED.</li>
 * </ol>
 * Keeping a pair apart only closes the entry (SEPARATE): nothing was linked.
 * Each decision runs in a transaction of its own: a refused one changes nothing.
 */
public class MatchReviews {

    public static final String LINKED = "LINKED";
    public static final String SEPARATE = "SEPARATE";

    private final MatchReviewStore queue;
    private final PersonIndexStore index;
    private final PixManager pix;
    private final TransactionTemplate tx;

    public MatchReviews(MatchReviewStore queue, PersonIndexStore index, PixManager pix, TransactionTemplate tx) {
        this.queue = queue;
        this.index = index;
        this.pix = pix;
        this.tx = tx;
    }

    /** The open queue, oldest first. */
    public List<MatchReview> open(int limit) {
        return queue.openReviews(limit);
    }

    /**
     * An open pair as a reviewer compares it: the fed record, the candidate person's identifiers and records,
     * and the weight each field contributed ("name=13.0 birthDate=-4.2", as the matcher wrote it).
     */
    public record Pair(MatchReview review, Optional<PersonIndexStore.StoredRecord> record,
                       List<Identifier> candidateIdentifiers, List<PersonIndexStore.StoredRecord> candidateRecords,
                       Map<String, Double> fieldWeights) {
    }

    public long countOpen() {
        return queue.countOpen();
    }

    /** The open queue with both sides of each pair, oldest first. */
    public List<Pair> openPairs(int limit) {
        return queue.openReviews(limit).stream().map(r -> new Pair(r, index.recordOf(r.recordKey()),
                index.activeIdentifiers(r.candidatePersonId()), index.records(r.candidatePersonId()),
                weights(r.fieldWeights()))).toList();
    }

    static Map<String, Double> weights(String described) {
        var out = new LinkedHashMap<String, Double>();
        if (described != null) {
            for (var part : described.trim().split("\\s+")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    try {
                        out.put(part.substring(0, eq), Double.parseDouble(part.substring(eq + 1)));
                    } catch (NumberFormatException e) {
                        // a weight that is not a number is left out rather than guessed
                    }
                }
            }
        }
        return out;
    }

    /** @throws IllegalArgumentException when the entry is unknown, decided, or its candidate is gone */
    public PixManager.FeedResult link(long reviewId, String cause) {
        return tx.execute(status -> {
            var review = openReview(reviewId);
            var candidate = index.activeIdentifiers(review.candidatePersonId()).stream().findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("Review " + reviewId + ": person "
                            + review.candidatePersonId() + " has been merged or linked since; nothing to link with"));
            var result = pix.link(candidate, review.recordKey(), cause);
            queue.closeReview(reviewId, LINKED);
            return result;
        });
    }

    /** @throws IllegalArgumentException when the entry is unknown or decided */
    public void separate(long reviewId) {
        tx.executeWithoutResult(status -> {
            openReview(reviewId);
            queue.closeReview(reviewId, SEPARATE);
        });
    }

    private MatchReview openReview(long reviewId) {
        var review = queue.review(reviewId)
                .orElseThrow(() -> new IllegalArgumentException("No review " + reviewId));
        if (!"OPEN".equals(review.status())) {
            throw new IllegalArgumentException("Review " + reviewId + " was decided already: " + review.status());
        }
        return review;
    }
}
