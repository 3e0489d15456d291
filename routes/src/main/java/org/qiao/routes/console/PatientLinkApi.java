package org.qiao.routes.console;

import org.qiao.pix.PixManager;
import org.qiao.pix.UnknownIdentifierException;
import org.qiao.pix.matching.MatchReviews;
import org.qiao.routes.audit.AuditEvents;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.util.List;
import java.util.function.Function;

/**
 * Operators' decisions on how the patient index links records:
 * <ul>
 *   <li>{@code link-events}: the audit of link decisions (merge, link, unlink, change of identifier), and
 *       their undo;</li>
 *   <li>{@code match-reviews}: the record-linkage review queue, pairs between the thresholds waiting until a
 *       person links them (an audited, undoable link with ITI-10) or keeps them apart.</li>
 * </ul>
 * Every decision is made by a service in a transaction of its own and audited (ATNA, a refused one too); a
 * refusal is answered 409. Roles: see WebSecurityConfig (/api/**).
 */
@RestController
@RequestMapping("/api/patients")
public class PatientLinkApi {

    private final PixManager pix;
    private final MatchReviews reviews;
    private final AuditEvents audit;

    PatientLinkApi(PixManager pix, MatchReviews reviews, AuditEvents audit) {
        this.pix = pix;
        this.reviews = reviews;
        this.audit = audit;
    }

    /** Link decisions, newest first. */
    @GetMapping("/link-events")
    public List<LinkEventResponse> events(@RequestParam(defaultValue = "50") int limit) {
        return pix.linkEvents(clamp(limit)).stream().map(LinkEventResponse::of).toList();
    }

    /** Open pairs, oldest first. */
    @GetMapping("/match-reviews")
    public List<MatchReviewResponse> open(@RequestParam(defaultValue = "50") int limit) {
        return reviews.open(clamp(limit)).stream().map(MatchReviewResponse::of).toList();
    }

    /** Undoes a decision (see PixManager.undo); ITI-10 notifications follow as for a message. */
    @PostMapping("/link-events/{id}/undo")
    public DecisionResponse undo(@PathVariable long id, Authentication who) {
        return decide(who, "undo of link event " + id, user -> pix.undo(id, "operator " + user + " undo " + id));
    }

    @PostMapping("/match-reviews/{id}/separate")
    public void separate(@PathVariable long id, Authentication who) {
        decide(who, "separation of review " + id, user -> {
            reviews.separate(id);
            return null;
        });
    }

    @PostMapping("/match-reviews/{id}/link")
    public DecisionResponse link(@PathVariable long id, Authentication who) {
        return decide(who, "link of review " + id, user -> reviews.link(id, "operator " + user + " review " + id));
    }

    private static int clamp(int limit) {
        return Math.max(1, Math.min(limit, 1000));
    }

    /**
     * Runs a decision with the operator's name and audits it; its result (null when it changed no person)
     * names the patient in the audit. A refusal is audited as failed and answered 409.
     */
    private DecisionResponse decide(Authentication who, String decision,
                                    Function<String, PixManager.FeedResult> action) {
        var user = who == null ? "?" : who.getName();
        try {
            var result = action.apply(user);
            audit.operatorDecision(user, decision, true, result == null ? null : result.regionalId().value());
            return result == null ? null : DecisionResponse.of(result);
        } catch (IllegalArgumentException | UnknownIdentifierException e) {
            audit.operatorDecision(user, decision, false, null);
            throw new ResponseStatusException(HttpStatus.CONFLICT, e.getMessage());
        }
    }
}
