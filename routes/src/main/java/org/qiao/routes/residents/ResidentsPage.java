package org.qiao.routes.residents;

import jakarta.servlet.http.HttpServletRequest;
import org.qiao.record.ResidentRecordService;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The console's resident pages: the search, one resident's record, and its timeline (an htmx fragment the
 * resident page loads and its filters reload). They read through {@link ResidentApi}, so the page, the JSON and
 * the audit of each reading are one.
 */
@Controller
public class ResidentsPage {

    private final ResidentApi api;

    public ResidentsPage(ResidentApi api) {
        this.api = api;
    }

    @GetMapping("/residents")
    public String search(@RequestParam(required = false) String q, Model model) {
        model.addAttribute("q", q);
        if (q != null && !q.isBlank()) {
            try {
                model.addAttribute("results", api.search(q));
            } catch (ResponseStatusException e) {
                model.addAttribute("problem", e.getReason());
            }
        }
        return "console/residents";
    }

    @GetMapping("/residents/{regionalId}")
    public String resident(@PathVariable String regionalId, Model model, Authentication user, HttpServletRequest request) {
        model.addAttribute("resident", api.resident(regionalId, user, request));
        model.addAttribute("kinds", ResidentRecordService.KINDS);
        return "console/resident";
    }

    /** The timeline fragment; a bad filter is shown in the fragment (htmx swaps only successful answers). */
    @GetMapping("/residents/{regionalId}/timeline")
    public String timeline(@PathVariable String regionalId, @RequestParam(required = false) String kind,
                           @RequestParam(required = false) String hospital, @RequestParam(required = false) String from,
                           @RequestParam(required = false) String to, Model model, Authentication user,
                           HttpServletRequest request) {
        try {
            model.addAttribute("timeline", api.timeline(regionalId, kind, hospital, from, to, user, request));
        } catch (ResponseStatusException e) {
            if (e.getStatusCode().value() == 404) {
                throw e;
            }
            model.addAttribute("problem", e.getReason());
        }
        return "console/timeline :: timeline";
    }
}
