package org.qiao.routes.mllp;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.qiao.routes.mllp.Hl7Fields.field;

/**
 * The MLLP port's dispatch table: which transaction takes a message, by MSH-9 (type, trigger event), MSH-12
 * (version) and sender. A message no transaction takes is refused with AR before dispatch (ITI TF-2x C.2.3,
 * HL7 table 0357): 200 unsupported message type, 201 unsupported trigger event, 203 unsupported version, each at
 * its MSH field.
 */
public class MllpTransactions {

    /** The transaction a message goes to, or why none takes it. */
    public record Resolution(MllpTransaction transaction, HL7Exception refusal) {
    }

    /** message type → trigger event → the transactions taking it (more than one when the version tells them apart) */
    private final Map<String, Map<String, List<MllpTransaction>>> table = new HashMap<>();
    private final List<MllpTransaction> behindIpf;

    /**
     * Builds the table. A message type, trigger event and version taken by two transactions is a mistake in the
     * descriptors: the engine does not start.
     */
    public MllpTransactions(List<MllpTransaction> transactions) {
        for (var t : transactions) {
            for (var message : t.messages()) {
                var typeAndEvent = message.split("\\^");
                var taking = table.computeIfAbsent(typeAndEvent[0], k -> new HashMap<>())
                        .computeIfAbsent(typeAndEvent[1], k -> new ArrayList<>());
                for (var other : taking) {
                    if (other.versions().stream().anyMatch(t.versions()::contains)) {
                        throw new IllegalStateException(message + " is taken by both " + other.name() + " and " + t.name()
                                + " in the same HL7 version");
                    }
                }
                taking.add(t);
            }
        }
        // IPF's dispatcher offers a message to its routes in the order they were added and the first that accepts
        // it answers (QCN^J01 is accepted by pdq-iti21 and pdq-iti22 alike): a fixed order, by name
        behindIpf = transactions.stream().filter(MllpTransaction::behindIpf)
                .sorted(Comparator.comparing(MllpTransaction::name)).toList();
    }

    /** The transactions answered behind IPF components, in the order their routes are to be added. */
    public List<MllpTransaction> behindIpf() {
        return behindIpf;
    }

    /** Which transaction takes this message (whose frame checks passed). */
    public Resolution resolve(String text) {
        var type = field(text, "MSH", 9, 1);
        var event = field(text, "MSH", 9, 2);
        var version = field(text, "MSH", 12, 1);
        var events = type == null ? null : table.get(type);
        if (events == null) {
            return refused(Naks.error("Unsupported message type " + type, ErrorCode.UNSUPPORTED_MESSAGE_TYPE,
                    "MSH", 9, 1));
        }
        var taking = event == null ? null : events.get(event);
        if (taking == null) {
            return refused(Naks.error("Unsupported trigger event " + type + "^" + event + "; accepted: "
                    + new TreeSet<>(events.keySet()), ErrorCode.UNSUPPORTED_EVENT_CODE, "MSH", 9, 2));
        }
        var application = field(text, "MSH", 3, 1);
        var facility = field(text, "MSH", 4, 1);
        var fromSender = taking.stream().filter(t -> t.acceptsSender(application, facility)).toList();
        if (fromSender.isEmpty()) {
            var accepted = events.entrySet().stream()
                    .filter(e -> e.getValue().stream().anyMatch(t -> t.acceptsSender(application, facility)))
                    .map(Map.Entry::getKey).sorted().toList();
            return refused(Naks.error("Unsupported trigger event " + type + "^" + event + " "
                    + taking.get(0).senders().description() + "; accepted: " + accepted,
                    ErrorCode.UNSUPPORTED_EVENT_CODE, "MSH", 9, 2));
        }
        // a repeated MSH-12 names no single version
        var versionField = field(text, "MSH", 12);
        var repeated = versionField != null && versionField.indexOf(text.charAt(5)) >= 0;
        for (var t : fromSender) {
            // (a missing MSH-12 is no version: List.copyOf's lists throw on contains(null))
            if (!repeated && version != null && t.versions().contains(version)) {
                return new Resolution(t, null);
            }
        }
        var versions = fromSender.stream().map(t -> String.join(" ", t.versions())).collect(Collectors.joining(" or "));
        return refused(Naks.error(type + "^" + event + " must be HL7 version " + versions + ", not " + version,
                ErrorCode.UNSUPPORTED_VERSION_ID, "MSH", 12, 1));
    }

    private static Resolution refused(HL7Exception refusal) {
        return new Resolution(null, refusal);
    }
}
