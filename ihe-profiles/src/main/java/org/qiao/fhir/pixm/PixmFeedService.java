package org.qiao.fhir.pixm;

import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.qiao.fhir.Outcomes;
import org.qiao.pix.Demographics;
import org.qiao.pix.DomainType;
import org.qiao.pix.Identifier;
import org.qiao.pix.IdentityDomain;
import org.qiao.pix.PatientFeed;
import org.qiao.pix.PersonIndexStore;
import org.qiao.pix.PixManager;
import org.qiao.pix.UnknownIdentifierException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Supplier;

/**
 * ITI-104 Patient Identity Feed FHIR (PIXm ITI TF-2 2:3.104), the FHIR twin of ITI-8: a Patient Identity Source
 * creates or updates its patient with a conditional update, {@code PUT Patient?identifier=urn:oid:<domain>|<value>},
 * and resolves a duplicate by the same PUT of the duplicate with {@code Patient.link} of type {@code replaced-by}
 * naming the survivor (2:3.104.4.1, resolving a duplicate). Both go through the same {@link PixManager} calls as ITI-8 (feed, merge),
 * so ITI-10 notifications follow exactly as they follow an A01/A08/A40 (the manager tells its listener inside the
 * transaction). Steps:
 * <ol>
 *   <li>the URL: a conditional update with exactly one {@code identifier=system|value}, the system a configured
 *       domain other than the regional one (which the manager assigns); else 400;</li>
 *   <li>the body: a Patient whose identifiers all have a configured system (else 422 {@code code-invalid}) and
 *       include the URL's identifier (else 400); for a feed, a name (else 422, as PID-5 is required by ITI-8);</li>
 *   <li>feed: in one transaction, note whether the identifier was known, {@link PixManager#feed}, read the
 *       person back: 201 when it was new, else 200;</li>
 *   <li>merge: the survivor (link.other: an identifier, or a reference {@code Patient/<regional id>}) must be
 *       known, and the merge happens within the duplicate's domain (ITI TF-2a 3.8.4.2, as for A40); in one
 *       transaction {@link PixManager#merge} retires the duplicate's identifier into the survivor: 200 with the
 *       survivor. An unknown duplicate or survivor → 422 {@code not-found}.</li>
 * </ol>
 * Every refusal changes nothing: checks run before the transaction, and a failure inside it rolls it back. A commit
 * that loses a race with a concurrent feed of the same patient is retried, as IdempotentReceiver does for ITI-8.
 */
public class PixmFeedService {

    private static final int MAX_ATTEMPTS = 5;

    private final PixManager pix;
    private final PersonIndexStore index;
    private final PatientResources patients;
    private final TransactionTemplate tx;

    public PixmFeedService(PixManager pix, PersonIndexStore index, PatientResources patients, TransactionTemplate tx) {
        this.pix = pix;
        this.index = index;
        this.patients = patients;
        this.tx = tx;
    }

    /** What a feed did: whether the patient was new, and the person as a Patient now. */
    public record FeedOutcome(boolean created, boolean merged, String regionalId, Patient patient) {
    }

    public FeedOutcome feed(PixmFeedParameters request, Patient patient) {
        var key = keyOf(request);
        if (patient == null) {
            throw Outcomes.badRequest(IssueType.REQUIRED, "ITI-104 needs a Patient resource in the body");
        }
        var ids = identifiers(patient, key);
        var replacedBy = patient.getLink().stream()
                .filter(l -> l.getType() == Patient.LinkType.REPLACEDBY).toList();
        if (replacedBy.size() > 1) {
            throw Outcomes.unprocessable(IssueType.BUSINESSRULE,
                    "A duplicate is replaced by one patient: at most one Patient.link of type replaced-by");
        }
        if (replacedBy.size() == 1) {
            return merge(request, key, replacedBy.get(0).getOther());
        }
        var demographics = patients.demographics(patient);
        if (demographics.names().isEmpty()) {
            throw Outcomes.unprocessable(IssueType.REQUIRED,
                    "Patient.name with a family or given name is required (as PID-5 is for ITI-8)");
        }
        var feed = new PatientFeed(ids, demographics, patients.domains());
        return inTransaction(() -> {
            boolean created = index.activePersonOf(key).isEmpty();
            var result = pix.feed(feed);
            return new FeedOutcome(created, false, result.regionalId().value(), shown(result.personId()));
        });
    }

    /** Step 1: the identifier of the conditional URL. */
    private Identifier keyOf(PixmFeedParameters request) {
        if (request.conditionalUrl() == null) {
            throw Outcomes.badRequest(IssueType.NOTSUPPORTED, "ITI-104 is a conditional update: PUT "
                    + "Patient?identifier=urn:oid:<domain oid>|<value> (PIXm ITI TF-2 2:3.104.4.1)"
                    + (request.resourceId() == null ? "" : "; Patient/" + request.resourceId()
                    + " is the PIX Manager's resource, not the source's"));
        }
        var others = request.names().stream().filter(n -> !n.equals("identifier")).toList();
        if (!others.isEmpty()) {
            throw Outcomes.badRequest(IssueType.NOTSUPPORTED, "The conditional URL of ITI-104 names the patient by"
                    + " identifier only, not by " + String.join(", ", others));
        }
        var values = request.values("identifier");
        if (values.size() != 1 || !values.get(0).contains("|")) {
            throw Outcomes.badRequest(IssueType.REQUIRED, "The conditional URL needs exactly one "
                    + "identifier=urn:oid:<domain oid>|<value>, not " + values);
        }
        var token = values.get(0);
        var system = token.substring(0, token.indexOf('|'));
        var value = PatientResources.blankToNull(token.substring(token.indexOf('|') + 1));
        var domain = patients.domainOf(system).orElseThrow(() -> Outcomes.badRequest(IssueType.CODEINVALID,
                "identifier system " + system + " is not a configured patient identity domain"));
        if (value == null) {
            throw Outcomes.badRequest(IssueType.REQUIRED, "The identifier of the conditional URL has no value");
        }
        if (domain.type() == DomainType.REGIONAL) {
            // the affinity domain's ids are assigned by the PIX Manager; a source feeds under its own
            throw Outcomes.badRequest(IssueType.BUSINESSRULE, "The regional id is assigned by the PIX Manager; a "
                    + "Patient Identity Source feeds its patient under its own identifier");
        }
        return new Identifier(value, domain.code());
    }

    /** Step 2: the Patient's identifiers, the URL's first (so it keys the source's record when it is an MRN). */
    private List<Identifier> identifiers(Patient patient, Identifier key) {
        var ids = new LinkedHashSet<Identifier>();
        ids.add(key);
        boolean listed = false;
        for (int i = 0; i < patient.getIdentifier().size(); i++) {
            var id = patient.getIdentifier().get(i);
            var value = PatientResources.blankToNull(id.getValue());
            if (value == null) {
                throw Outcomes.unprocessable(IssueType.REQUIRED, "Patient.identifier[" + i + "] has no value");
            }
            if (value.length() > 200) {
                throw Outcomes.unprocessable(IssueType.TOOLONG, "Patient.identifier[" + i + "] is " + value.length()
                        + " characters long; at most 200 are kept");
            }
            var element = "Patient.identifier[" + i + "].system " + id.getSystem();
            IdentityDomain domain = patients.domainOf(id.getSystem()).orElseThrow(() -> Outcomes.unprocessable(
                    IssueType.CODEINVALID, element + " is not a configured patient identity domain"));
            var identifier = new Identifier(value, domain.code());
            listed |= identifier.equals(key);
            ids.add(identifier);
        }
        if (!listed) {
            throw Outcomes.badRequest(IssueType.INVALID, "The identifier of the conditional URL must be one of "
                    + "Patient.identifier");
        }
        return new ArrayList<>(ids);
    }

    /** Step 4: retire the duplicate {@code retired} into the patient {@code other} names. */
    private FeedOutcome merge(PixmFeedParameters request, Identifier retired, Reference other) {
        var named = survivorNamed(other);
        try {
            return inTransaction(() -> {
                long person = index.activePersonOf(named).orElseThrow(() -> Outcomes.unprocessable(IssueType.NOTFOUND,
                        "The surviving patient " + shownId(named) + " (Patient.link.other) is not known"));
                var survivor = named.domain().equals(retired.domain()) ? named : index.activeIdentifiers(person)
                        .stream().filter(id -> id.domain().equals(retired.domain())).findFirst()
                        .orElseThrow(() -> Outcomes.unprocessable(IssueType.BUSINESSRULE, "The surviving patient has "
                                + "no identifier in " + patients.system(retired.domain()) + ": a merge happens within"
                                + " one domain (ITI TF-2a 3.8.4.2)"));
                var result = pix.merge(new PatientFeed(List.of(survivor), survivorDemographics(survivor, person),
                        patients.domains()), retired, "ITI-104 " + request.conditionalUrl());
                return new FeedOutcome(false, true, result.regionalId().value(), shown(result.personId()));
            });
        } catch (UnknownIdentifierException e) {
            throw Outcomes.unprocessable(IssueType.NOTFOUND, "The duplicate " + shownId(retired)
                    + " is not known (or was merged already)");
        } catch (IllegalArgumentException e) {
            throw Outcomes.unprocessable(IssueType.BUSINESSRULE, e.getMessage());
        }
    }

    /** The survivor link.other names: by identifier, or by reference to our Patient (its regional id). */
    private Identifier survivorNamed(Reference other) {
        if (other.hasIdentifier()) {
            var system = other.getIdentifier().getSystem();
            var value = PatientResources.blankToNull(other.getIdentifier().getValue());
            var domain = patients.domainOf(system).orElseThrow(() -> Outcomes.unprocessable(IssueType.CODEINVALID,
                    "Patient.link.other.identifier.system " + system + " is not a configured patient identity domain"));
            if (value == null) {
                throw Outcomes.unprocessable(IssueType.REQUIRED, "Patient.link.other.identifier has no value");
            }
            return new Identifier(value, domain.code());
        }
        var reference = other.getReference();
        if (reference != null && reference.matches("(.*/)?Patient/[^/?]+")) {
            return new Identifier(reference.substring(reference.lastIndexOf('/') + 1),
                    patients.domains().affinityDomain().code());
        }
        throw Outcomes.unprocessable(IssueType.REQUIRED, "Patient.link.other must name the surviving patient by "
                + "identifier (urn:oid:<domain oid>|<value>) or as Patient/<regional id>, not " + reference);
    }

    /**
     * What the survivor is fed with: its own stored record (a merge must not overwrite it with the duplicate's
     * demographics), or the person's newest when the identifier came without a record of its own.
     */
    private Demographics survivorDemographics(Identifier survivor, long person) {
        return index.recordOf(survivor).filter(r -> "ACTIVE".equals(r.status()))
                .or(() -> index.records(person).stream().filter(r -> "ACTIVE".equals(r.status()))
                        .reduce((first, second) -> second))
                .map(PersonIndexStore.StoredRecord::demographics)
                .orElseThrow(() -> Outcomes.unprocessable(IssueType.NOTFOUND, "The surviving patient has no record"));
    }

    private Patient shown(long personId) {
        return patients.person(personId, null).orElseThrow(
                () -> new IllegalStateException("Person " + personId + " has no regional id after a feed"));
    }

    private String shownId(Identifier id) {
        return patients.system(id.domain()) + "|" + id.value();
    }

    private <T> T inTransaction(Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.execute(status -> work.get());
            } catch (DuplicateKeyException | TransientDataAccessException e) {
                // two feeds created the same identifier at once: the loser starts again and finds it
                if (attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
