package org.qiao.routes.exchange;

import org.qiao.pix.matching.MatchReviews;
import org.qiao.routes.console.PatientLinkApi;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The record-linkage review queue: each open pair side by side with the weight each field gave, and the two
 * decisions, made through {@link PatientLinkApi} (a transaction each, audited, a link undoable).
 */
@Controller
public class ReviewPage {

    private final MatchReviews reviews;
    private final PatientLinkApi decisions;

    public ReviewPage(MatchReviews reviews, PatientLinkApi decisions) {
        this.reviews = reviews;
        this.decisions = decisions;
    }

    @GetMapping("/review")
    public String queue(Model model) {
        model.addAttribute("pairs", reviews.openPairs(50));
        model.addAttribute("open", reviews.countOpen());
        return "console/review";
    }

    @PostMapping("/review/{id}/link")
    public String link(@PathVariable long id, Authentication who, RedirectAttributes redirect) {
        try {
            var result = decisions.link(id, who);
            redirect.addFlashAttribute("linked", result == null ? String.valueOf(id) : result.regionalId().value());
        } catch (ResponseStatusException e) {
            redirect.addFlashAttribute("problem", e.getReason());
        }
        return "redirect:/review";
    }

    @PostMapping("/review/{id}/separate")
    public String separate(@PathVariable long id, Authentication who, RedirectAttributes redirect) {
        try {
            decisions.separate(id, who);
            redirect.addFlashAttribute("separated", id);
        } catch (ResponseStatusException e) {
            redirect.addFlashAttribute("problem", e.getReason());
        }
        return "redirect:/review";
    }
}
