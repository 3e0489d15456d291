package org.qiao.routes.console;

import org.qiao.journal.JournalEntry;
import org.qiao.journal.MessageJournal;
import org.qiao.outbox.Outbox;
import org.qiao.outbox.OutboxMessage;
import org.qiao.pix.Identifier;
import org.qiao.pix.IdentityDomains;
import org.qiao.pix.ResidentRecords;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.util.List;
import java.util.Map;

/**
 * Admin REST API for operators (and the console to come): message journal, residents, outbox.
 * HTTP Basic login and roles: see WebSecurityConfig.
 */
@RestController
@RequestMapping("/api")
public class AdminApi {

    private final MessageJournal journal;
    private final ResidentRecords residents;
    private final IdentityDomains domains;
    private final Outbox outbox;

    public AdminApi(MessageJournal journal, ResidentRecords residents, IdentityDomains domains, Outbox outbox) {
        this.journal = journal;
        this.residents = residents;
        this.domains = domains;
        this.outbox = outbox;
    }

    /** Journal rows, newest first, or all rows of one control id. */
    @GetMapping("/journal")
    public List<JournalEntry> journal(@RequestParam(required = false) String controlId,
                                      @RequestParam(defaultValue = "50") int limit) {
        return controlId != null ? journal.findByControlId(controlId) : journal.recent(Math.min(limit, 1000));
    }

    /** A resident by any of its identifiers: cross-referenced identifiers and every source's record. */
    @GetMapping("/patients/{domain}/{id}")
    public ResidentResponse patient(@PathVariable String domain, @PathVariable String id) {
        if (domains.byCode(domain).isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "Unknown identity domain " + domain);
        }
        return residents.byIdentifier(new Identifier(id, domain)).map(ResidentResponse::of)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "Unknown patient"));
    }

    @GetMapping("/outbox/{destination}")
    public List<OutboxMessage> outbox(@PathVariable String destination) {
        return outbox.byDestination(destination);
    }

    @GetMapping("/outbox")
    public Map<String, Long> outboxCounts() {
        return outbox.countByStatus();
    }

    /** Puts a dead outbox message back in line. */
    @PostMapping("/outbox/messages/{id}/retry")
    public void retry(@PathVariable long id) {
        outbox.retry(id);
    }
}
