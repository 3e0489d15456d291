package org.qiao.routes.console;

import org.qiao.routes.audit.AuditEvents;
import org.qiao.pix.PatientStore;
import org.qiao.pix.PixManager;
import org.qiao.pix.UnknownIdentifierException;
import org.qiao.pix.matching.MatchReviews;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.util.List;

/**
 * The record-linkage review queue for operators: pairs between the thresholds wait here until a person links
 * them (an audited, undoable link with ITI-10) or keeps them apart. Roles: see WebSecurityConfig (/api/**).
 */
@RestController
@RequestMapping("/api/patients/match-reviews")
public class MatchReviewApi {

    private final MatchReviews reviews;
    private final TransactionTemplate tx;
    private final AuditEvents audit;

    public MatchReviewApi(MatchReviews reviews, TransactionTemplate tx, AuditEvents audit) {
        this.reviews = reviews;
        this.tx = tx;
        this.audit = audit;
    }

    /** Open pairs, oldest first. */
    @GetMapping
    public List<PatientStore.MatchReview> open(@RequestParam(defaultValue = "50") int limit) {
        return reviews.open(Math.max(1, Math.min(limit, 1000)));
    }

    @PostMapping("/{id}/link")
    public PixManager.FeedResult link(@PathVariable long id, Authentication who) {
        return decide(who, "link of review " + id,
                () -> tx.execute(s -> reviews.link(id, "operator " + name(who) + " review " + id)));
    }

    @PostMapping("/{id}/separate")
    public void separate(@PathVariable long id, Authentication who) {
        decide(who, "separation of review " + id, () -> tx.execute(s -> {
            reviews.separate(id);
            return null;
        }));
    }

    /** Runs the decision and audits it (a refused one too); a refusal is answered 409. */
    private <T> T decide(Authentication who, String decision, java.util.function.Supplier<T> action) {
        try {
            var result = action.get();
            audit.operatorDecision(name(who), decision, true,
                    result instanceof PixManager.FeedResult r ? r.regionalId().value() : null);
            return result;
        } catch (IllegalArgumentException | UnknownIdentifierException e) {
            audit.operatorDecision(name(who), decision, false, null);
            throw new ResponseStatusException(HttpStatus.CONFLICT, e.getMessage());
        }
    }

    private static String name(Authentication who) {
        return who == null ? "?" : who.getName();
    }
}
