package org.qiao.routes.exchange;

import org.qiao.journal.MessageJournal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/** The journal pages: the search, one message with its answer, and what failed in the last 24 hours and why. */
@Controller
public class JournalPage {

    static final int PAGE = 50;
    private final JournalApi api;
    private final MessageJournal journal;

    public JournalPage(JournalApi api, MessageJournal journal) {
        this.api = api;
        this.journal = journal;
    }

    @GetMapping("/journal")
    public String search(@RequestParam(required = false) String sender, @RequestParam(required = false) String transaction,
                         @RequestParam(required = false) String outcome, @RequestParam(required = false) String from,
                         @RequestParam(required = false) String to, @RequestParam(required = false) String text,
                         @RequestParam(required = false) Long before, Model model) {
        model.addAttribute("filter", new Filter(sender, transaction, outcome, from, to, text));
        model.addAttribute("transactions", journal.transactions());
        try {
            var rows = api.search(null, sender, transaction, outcome, from, to, text, before, PAGE);
            model.addAttribute("rows", rows);
            model.addAttribute("older", rows.size() == PAGE ? rows.get(rows.size() - 1).id() : null);
        } catch (ResponseStatusException e) {
            model.addAttribute("problem", e.getReason());
        }
        return "console/journal";
    }

    /** The filters as sent, to fill the form again and to page on with them. */
    public record Filter(String sender, String transaction, String outcome, String from, String to, String text) {
    }

    @GetMapping("/journal/{id:\\d+}")
    public String entry(@PathVariable long id, Model model) {
        model.addAttribute("entry", api.entry(id));
        return "console/journal-entry";
    }

    @GetMapping("/journal/failures")
    public String failures(Model model) {
        model.addAttribute("failures", api.failures(24));
        return "console/failures";
    }
}
