package org.qiao.console;

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
 * The audit of link decisions on the patient index (merge, link, unlink, change of identifier), and undo
 * of a link or unlink by an operator. Roles: see WebSecurityConfig (/api/**).
 */
@RestController
@RequestMapping("/api/patients/link-events")
public class PatientLinkApi {

    private final PixManager pix;
    private final TransactionTemplate tx;

    public PatientLinkApi(PixManager pix, TransactionTemplate tx) {
        this.pix = pix;
        this.tx = tx;
    }

    /** Newest first. */
    @GetMapping
    public List<PatientStore.LinkEvent> events(@RequestParam(defaultValue = "50") int limit) {
        return pix.linkEvents(Math.max(1, Math.min(limit, 1000)));
    }

    /** Undoes a link (by an unlink) or an unlink (by a link); ITI-10 notifications follow as for a message. */
    @PostMapping("/{id}/undo")
    public PixManager.FeedResult undo(@PathVariable long id, Authentication who) {
        try {
            return tx.execute(s -> pix.undo(id, "operator " + (who == null ? "?" : who.getName()) + " undo " + id));
        } catch (IllegalArgumentException | org.qiao.pix.UnknownIdentifierException e) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, e.getMessage());
        }
    }
}
