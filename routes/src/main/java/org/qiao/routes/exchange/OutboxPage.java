package org.qiao.routes.exchange;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.List;

/** The outbox page: queue depths, messages with why they failed, and retry of the selected dead letters. */
@Controller
public class OutboxPage {

    private final OutboxApi api;

    public OutboxPage(OutboxApi api) {
        this.api = api;
    }

    @GetMapping("/outbox")
    public String outbox(@RequestParam(required = false) String status, @RequestParam(required = false) String destination,
                         Model model) {
        var shown = status == null ? "DEAD" : status;
        model.addAttribute("status", shown);
        model.addAttribute("destination", destination);
        model.addAttribute("counts", api.counts());
        model.addAttribute("depths", api.depths());
        try {
            model.addAttribute("messages", api.messages(shown, destination, 200));
        } catch (ResponseStatusException e) {
            model.addAttribute("problem", e.getReason());
        }
        return "console/outbox";
    }

    /** Retries the selected messages (only dead ones are put back), then shows the page again with the count. */
    @PostMapping("/outbox/retry")
    public String retry(@RequestParam(name = "id", required = false) List<Long> ids, Authentication who,
                        RedirectAttributes redirect) {
        if (ids == null || ids.isEmpty()) {
            redirect.addFlashAttribute("nothingSelected", true);
        } else {
            redirect.addFlashAttribute("retried", api.retryAll(ids, who));
        }
        return "redirect:/outbox";
    }
}
