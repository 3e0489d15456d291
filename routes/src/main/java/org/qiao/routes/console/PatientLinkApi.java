package org.qiao.routes.console;

import org.qiao.routes.audit.AuditEvents;
import org.qiao.pix.PatientStore;
import org.qiao.pix.PixManager;
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
 * The audit of link decisions on the patient index (merge, link, unlink, change of identifier), and their
 * undo by an operator. Roles: see WebSecurityConfig (/api/**).
 */
@RestController
@RequestMapping("/api/patients/link-events")
public class PatientLinkApi {

    private final PixManager pix;
    private final TransactionTemplate tx;
    private final AuditEvents audit;

    public PatientLinkApi(PixManager pix, TransactionTemplate tx, AuditEvents audit) {
        this.pix = pix;
        this.tx = tx;
        this.audit = audit;
    }

    /** Newest first. */
    @GetMapping
    public List<PatientStore.LinkEvent> events(@RequestParam(defaultValue = "50") int limit) {
        return pix.linkEvents(Math.max(1, Math.min(limit, 1000)));
    }

    /** Undoes a decision (see PixManager.undo); ITI-10 notifications follow as for a message. */
    @PostMapping("/{id}/undo")
    public PixManager.FeedResult undo(@PathVariable long id, Authentication who) {
        var user = who == null ? "?" : who.getName();
        try {
            var result = tx.execute(s -> pix.undo(id, "operator " + user + " undo " + id));
            audit.operatorDecision(user, "undo of link event " + id, true, result.regionalId().value());
            return result;
        } catch (IllegalArgumentException | org.qiao.pix.UnknownIdentifierException e) {
            audit.operatorDecision(user, "undo of link event " + id, false, null);
            throw new ResponseStatusException(HttpStatus.CONFLICT, e.getMessage());
        }
    }
}
