package org.qiao.routes.audit;

import org.qiao.audit.AuditQuery;
import org.qiao.audit.AuditRecordRepository;
import org.qiao.routes.console.QueryValues;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/** The audit trail pages (the ATNA repository): filters by patient, user, node, event and time; one record. */
@Controller
public class AuditPage {

    private final AuditRecordRepository repository;

    public AuditPage(AuditRecordRepository repository) {
        this.repository = repository;
    }

    /** The filters as sent, to fill the form again. */
    public record Filter(String patient, String user, String node, String eventId, String eventType, Integer outcome,
                         String from, String to) {
    }

    @GetMapping("/audit")
    public String search(@RequestParam(required = false) String patient, @RequestParam(required = false) String user,
                         @RequestParam(required = false) String node, @RequestParam(required = false) String eventId,
                         @RequestParam(required = false) String eventType,
                         @RequestParam(required = false) Integer outcome, @RequestParam(required = false) String from,
                         @RequestParam(required = false) String to, Model model) {
        model.addAttribute("filter", new Filter(patient, user, node, eventId, eventType, outcome, from, to));
        try {
            var query = new AuditQuery(QueryValues.instant(from, "from", false), QueryValues.instant(to, "to", true),
                    patient, user, node, eventId, eventType, outcome, 200);
            model.addAttribute("records", repository.search(query));
        } catch (IllegalArgumentException e) {
            model.addAttribute("problem", e.getMessage());
        }
        return "console/audit";
    }

    @GetMapping("/audit/{id:\\d+}")
    public String record(@PathVariable long id, Model model) {
        model.addAttribute("a", repository.get(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No audit record " + id)));
        return "console/audit-record";
    }
}
