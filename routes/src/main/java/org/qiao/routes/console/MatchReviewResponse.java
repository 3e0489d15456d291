package org.qiao.routes.console;

import org.qiao.pix.Identifier;
import org.qiao.pix.matching.MatchReviewStore.MatchReview;

/** One pair of the review queue as the REST door shows it. */
public record MatchReviewResponse(long id, Identifier recordKey, long candidatePersonId, double weight,
                                  String fieldWeights, String status) {

    static MatchReviewResponse of(MatchReview r) {
        return new MatchReviewResponse(r.id(), r.recordKey(), r.candidatePersonId(), r.weight(), r.fieldWeights(),
                r.status());
    }
}
