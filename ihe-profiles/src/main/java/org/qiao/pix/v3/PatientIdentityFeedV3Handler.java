package org.qiao.pix.v3;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.v25.message.ADT_A01;
import ca.uhn.hl7v2.parser.EncodingCharacters;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import org.qiao.journal.IdempotentReceiver;
import org.qiao.journal.InboundMessage;
import org.qiao.journal.MessageJournal;
import org.qiao.pix.Demographics;
import org.qiao.pix.EncodedField;
import org.qiao.pix.Identifier;
import org.qiao.pix.IdentityDomains;
import org.qiao.pix.PatientFeed;
import org.qiao.pix.PixManager;
import org.qiao.pix.UnknownIdentifierException;
import org.w3c.dom.Element;

import java.util.ArrayList;
import java.util.List;

import static org.qiao.pix.v3.V3.attr;
import static org.qiao.pix.v3.V3.child;
import static org.qiao.pix.v3.V3.children;
import static org.qiao.pix.v3.V3.path;
import static org.qiao.pix.v3.V3.text;

/**
 * ITI-44 Patient Identity Feed v3 (PIX Manager side), the v3 twin of the ITI-8 handler: PRPA_IN201301UV02
 * (add) and PRPA_IN201302UV02 (revise) register or update a patient, PRPA_IN201304UV02 merges; each is
 * answered with MCCI_IN000002UV01.
 * <ol>
 *   <li>read the patient: its ids and the ids under patientPerson/asOtherIDs (sent together, so they are one
 *       person, as PID-3 repetitions are in ITI-8), name, gender, birth time, address, telephone;</li>
 *   <li>every id's root must be a configured domain (else AE, detail 204 at the id), a name is required
 *       (else AE, detail 101);</li>
 *   <li>apply it through the same {@link PixManager} as ITI-8, exactly once: a message id already accepted
 *       from the same sender device gets the stored acknowledgement again; the AA is built inside the
 *       transaction that applies the feed and journals the message, and leaves only after the commit;</li>
 *   <li>a merge retires replacementOf/priorRegistration/subject1/priorRegisteredRole/id into the patient's
 *       id of the same domain (ITI TF-2b 3.44.4.2: a merge happens within one domain).</li>
 * </ol>
 * Rejected messages are journaled without their dedup key, so a corrected one may reuse its id.
 */
public class PatientIdentityFeedV3Handler {

    static final String ADD = "PRPA_IN201301UV02";
    static final String REVISE = "PRPA_IN201302UV02";
    static final String MERGE = "PRPA_IN201304UV02";
    static final String ACK = "MCCI_IN000002UV01";

    private static final DefaultHapiContext V2_CONTEXT =
            new DefaultHapiContext(ValidationContextFactory.noValidation());

    private final PixManager pix;
    private final IdentityDomains domains;
    private final IdempotentReceiver receiver;
    private final MessageJournal journal;

    public PatientIdentityFeedV3Handler(PixManager pix, IdentityDomains domains, IdempotentReceiver receiver,
                                        MessageJournal journal) {
        this.pix = pix;
        this.domains = domains;
        this.receiver = receiver;
        this.journal = journal;
    }

    /** Returns the MCCI_IN000002UV01 answer; problems of the message are answered with AE, not thrown. */
    public String handle(String requestXml) throws V3.Problem {
        var request = V3.parse(requestXml).getDocumentElement();
        var inbound = inbound(request, requestXml);
        try {
            return apply(request, inbound);
        } catch (V3.Problem problem) {
            var nak = V3.serialize(V3.answer(request, ACK, "AE", List.of(problem)).getOwnerDocument());
            journal.record(inbound, "AE", problem.getMessage(), nak, false);
            return nak;
        }
    }

    private String apply(Element request, InboundMessage inbound) throws V3.Problem {
        var interaction = request.getLocalName();
        var base = "/" + interaction + "/controlActProcess/subject/registrationEvent/";
        var event = path(request, "controlActProcess", "subject", "registrationEvent");
        var patient = path(event, "subject1", "patient");
        if (patient == null) {
            throw V3.Problem.missing("registrationEvent/subject1/patient missing", base + "subject1/patient");
        }
        var person = child(patient, "patientPerson");
        var identifiers = new ArrayList<Identifier>();
        var patientIds = children(patient, "id");
        for (int i = 0; i < patientIds.size(); i++) {
            identifiers.add(identifier(patientIds.get(i), base + "subject1/patient/id[" + (i + 1) + "]"));
        }
        if (identifiers.isEmpty()) {
            throw V3.Problem.missing("patient/id missing", base + "subject1/patient/id");
        }
        var others = children(person, "asOtherIDs");
        for (int o = 0; o < others.size(); o++) {
            var ids = children(others.get(o), "id");
            for (int i = 0; i < ids.size(); i++) {
                if (attr(ids.get(i), "nullFlavor") == null) {
                    identifiers.add(identifier(ids.get(i), base + "subject1/patient/patientPerson/asOtherIDs["
                            + (o + 1) + "]/id[" + (i + 1) + "]"));
                }
            }
        }
        var name = child(person, "name");
        var family = text(child(name, "family"));
        var given = text(child(name, "given"));
        if (family == null && given == null) {
            throw V3.Problem.missing("Patient name (patientPerson/name) missing",
                    base + "subject1/patient/patientPerson/name");
        }
        var feed = new PatientFeed(identifiers, demographics(person, identifiers, family, given), domains);
        switch (interaction) {
            case ADD, REVISE -> {
                return receiver.receive(inbound, () -> {
                    pix.feed(feed);
                    return ack(request);
                }).response();
            }
            case MERGE -> {
                var priorId = path(event, "replacementOf", "priorRegistration", "subject1", "priorRegisteredRole", "id");
                var location = base + "replacementOf/priorRegistration/subject1/priorRegisteredRole/id";
                if (priorId == null) {
                    throw V3.Problem.missing("The merged (prior) patient id is missing", location);
                }
                var retired = identifier(priorId, location);
                var survivor = identifiers.stream().filter(id -> id.domain().equals(retired.domain())).findFirst();
                if (survivor.isEmpty()) {
                    throw V3.Problem.unknownKey("The prior patient id must be in a domain of the patient's ids",
                            location);
                }
                // the survivor of the retired id's domain keys the merge, as PID-3 does in A40
                var ordered = new ArrayList<Identifier>();
                ordered.add(survivor.get());
                identifiers.stream().filter(id -> !id.equals(survivor.get())).forEach(ordered::add);
                var mergeFeed = new PatientFeed(ordered, feed.demographics(), domains);
                try {
                    return receiver.receive(inbound, () -> {
                        pix.merge(mergeFeed, retired);
                        return ack(request);
                    }).response();
                } catch (UnknownIdentifierException e) {
                    throw V3.Problem.unknownKey(e.getMessage(), location);
                } catch (IllegalArgumentException e) {
                    throw new V3.Problem(e.getMessage(), "205", "Duplicate key identifier", location);
                }
            }
            default -> throw new V3.Problem("Unsupported interaction " + interaction, "200",
                    "Unsupported message type", "/" + interaction);
        }
    }

    private Identifier identifier(Element id, String location) throws V3.Problem {
        var root = attr(id, "root");
        var extension = attr(id, "extension");
        if (root == null || extension == null) {
            throw V3.Problem.missing("A patient id needs a root and an extension", location);
        }
        var domain = domains.resolve(null, root, "ISO")
                .orElseThrow(() -> V3.Problem.unknownKey("Unknown patient identification domain " + root, location));
        return new Identifier(extension, domain.code());
    }

    private static String ack(Element request) {
        return V3.serialize(V3.answer(request, ACK, "AA", List.of()).getOwnerDocument());
    }

    /** The journal's view of the message: the sender device id stands for MSH-3, the message id for MSH-10. */
    private static InboundMessage inbound(Element request, String raw) {
        return new InboundMessage("SOAP", "ITI-44", request.getLocalName(),
                V3.idText(path(request, "sender", "device", "id")), null,
                V3.idText(child(request, "id")), "UTF-8", raw);
    }

    private Demographics demographics(Element person, List<Identifier> ids, String family, String given) {
        var birth = attr(child(person, "birthTime"), "value");
        var sex = v2Sex(attr(child(person, "administrativeGenderCode"), "code"));
        var addr = child(person, "addr");
        var street = text(child(addr, "streetAddressLine"));
        var city = text(child(addr, "city"));
        var state = text(child(addr, "state"));
        var postalCode = text(child(addr, "postalCode"));
        var country = text(child(addr, "country"));
        var phone = attr(child(person, "telecom"), "value");
        if (phone != null && phone.startsWith("tel:")) {
            phone = phone.substring(4);
        }
        return new Demographics(family, given, birth, sex, street, city, state, postalCode, country, phone,
                null, null, null, null, null, null, null,
                pidSegment(ids, family, given, birth, sex, street, city, state, postalCode, country, phone), null,
                names(person), addresses(person), phones(person));
    }

    /**
     * Every {@code name} of the person as an HL7 v2.5 XPN repetition (2.A.89), as a v2 feed's PID-5 repetitions
     * are kept: family^given, XPN-7 and XPN-8 from the name's {@code use} ({@link V3#nameUseToXpn}).
     */
    private static List<String> names(Element person) {
        return repetitions(person, "name", name -> {
            var codes = V3.nameUseToXpn(attr(name, "use"));
            return EncodedField.of(text(child(name, "family")), text(child(name, "given")), null, null, null, null,
                    codes[0], codes[1]);
        });
    }

    /** Every {@code addr} as an XAD repetition: street^^city^state^postal code^country (HL7 v2.5 2.A.85). */
    private static List<String> addresses(Element person) {
        return repetitions(person, "addr", addr -> EncodedField.of(text(child(addr, "streetAddressLine")), null,
                text(child(addr, "city")), text(child(addr, "state")), text(child(addr, "postalCode")),
                text(child(addr, "country"))));
    }

    /** Every {@code telecom} as an XTN repetition: the number without {@code tel:} in XTN-1 (HL7 v2.5 2.A.88). */
    private static List<String> phones(Element person) {
        return repetitions(person, "telecom", telecom -> {
            var value = attr(telecom, "value");
            return EncodedField.of(value != null && value.startsWith("tel:") ? value.substring(4) : value);
        });
    }

    /** The non-empty repetitions {@code encode} makes of the person's {@code element}s, in document order. */
    private static List<String> repetitions(Element person, String element,
                                            java.util.function.Function<Element, String> encode) {
        return children(person, element).stream().map(encode).filter(r -> !r.isBlank()).toList();
    }

    /** administrativeGenderCode (HL7 v3 AdministrativeGender) → HL7 v2 table 0001. */
    private static String v2Sex(String code) {
        if (code == null) {
            return null;
        }
        return switch (code) {
            case "M", "F" -> code;
            case "UN" -> "U";
            default -> "U";
        };
    }

    /**
     * The same patient as an HL7 v2.5 PID segment, kept like the one a v2 feed stores, so what reads the stored
     * PID (demographics queries) sees v3-fed patients too. HAPI escapes the separators.
     */
    private String pidSegment(List<Identifier> ids, String family, String given, String birth, String sex,
                              String street, String city, String state, String postalCode, String country,
                              String phone) {
        try {
            // no validation: a birthTime HL7 v2 would not accept is still kept as sent
            var adt = new ADT_A01();
            adt.setParser(V2_CONTEXT.getPipeParser());
            var pid = adt.getPID();
            for (int i = 0; i < ids.size(); i++) {
                var id = ids.get(i);
                var domain = domains.byCode(id.domain()).orElseThrow();
                Terser.set(pid, 3, i, 1, 1, id.value());
                Terser.set(pid, 3, i, 4, 1, domain.namespace());
                Terser.set(pid, 3, i, 4, 2, domain.oid());
                Terser.set(pid, 3, i, 4, 3, "ISO");
            }
            Terser.set(pid, 5, 0, 1, 1, family);
            Terser.set(pid, 5, 0, 2, 1, given);
            Terser.set(pid, 7, 0, 1, 1, birth);
            Terser.set(pid, 8, 0, 1, 1, sex);
            Terser.set(pid, 11, 0, 1, 1, street);
            Terser.set(pid, 11, 0, 3, 1, city);
            Terser.set(pid, 11, 0, 4, 1, state);
            Terser.set(pid, 11, 0, 5, 1, postalCode);
            Terser.set(pid, 11, 0, 6, 1, country);
            Terser.set(pid, 13, 0, 1, 1, phone);
            return PipeParser.encode(pid, EncodingCharacters.defaultInstance());
        } catch (HL7Exception e) {
            throw new IllegalStateException("Cannot write the PID of a v3 feed", e);
        }
    }
}
