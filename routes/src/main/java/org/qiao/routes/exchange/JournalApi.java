package org.qiao.routes.exchange;

import org.qiao.journal.JournalEntry;
import org.qiao.journal.JournalFailure;
import org.qiao.journal.JournalQuery;
import org.qiao.journal.MessageJournal;
import org.qiao.routes.console.QueryValues;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The message journal for operators: every inbound message with its answer, searchable (see {@link JournalQuery}),
 * and what failed and why. Roles: WebSecurityConfig (the exchange: ADMIN, OPERATOR).
 */
@RestController
@RequestMapping("/api/journal")
public class JournalApi {

    private final MessageJournal journal;

    public JournalApi(MessageJournal journal) {
        this.journal = journal;
    }

    /** Rows newest first: all rows of one control id, or those matching the filters. */
    @GetMapping
    public List<JournalEntry> search(@RequestParam(required = false) String controlId,
                                     @RequestParam(required = false) String sender,
                                     @RequestParam(required = false) String transaction,
                                     @RequestParam(required = false) String outcome,
                                     @RequestParam(required = false) String from,
                                     @RequestParam(required = false) String to,
                                     @RequestParam(required = false) String text,
                                     @RequestParam(required = false) Long before,
                                     @RequestParam(defaultValue = "50") int limit) {
        if (controlId != null) {
            return journal.findByControlId(controlId);
        }
        return journal.search(query(sender, transaction, outcome, from, to, text, before, limit));
    }

    @GetMapping("/{id:\\d+}")
    public JournalEntry entry(@PathVariable long id) {
        return journal.get(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "No journal entry " + id));
    }

    /** Refused messages of the last {@code hours} grouped by sender, transaction, outcome and reason. */
    @GetMapping("/failures")
    public List<JournalFailure> failures(@RequestParam(defaultValue = "24") int hours) {
        if (hours < 1 || hours > 24 * 31) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "hours must be between 1 and 744");
        }
        return journal.failures(Instant.now().minus(Duration.ofHours(hours)), 100);
    }

    static JournalQuery query(String sender, String transaction, String outcome, String from, String to, String text,
                              Long before, int limit) {
        try {
            if (outcome != null && !outcome.isBlank()
                    && !List.of("AA", "AE", "AR", "CA", "CE", "CR", "??", JournalQuery.FAILED).contains(outcome.strip().toUpperCase())) {
                throw new IllegalArgumentException("outcome must be AA, AE, AR or FAILED, not " + QueryValues.abbreviate(outcome));
            }
            return new JournalQuery(sender, transaction, outcome, QueryValues.instant(from, "from", false),
                    QueryValues.instant(to, "to", true), text, before, limit);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }
}
