package org.qiao.fhir;

import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * The HAPI server exceptions the FHIR doors answer with, each carrying an OperationOutcome with one error issue
 * (FHIR R4 http.html: a failed interaction returns an OperationOutcome), so a client can read the issue code the
 * IHE profile prescribes, not only the HTTP status.
 */
public final class Outcomes {

    private Outcomes() {
    }

    /** An OperationOutcome with one error issue of that type and diagnostics. */
    public static OperationOutcome error(IssueType type, String diagnostics) {
        var outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(type).setDiagnostics(diagnostics);
        return outcome;
    }

    /** 400 Bad Request. */
    public static InvalidRequestException badRequest(IssueType type, String diagnostics) {
        return new InvalidRequestException(diagnostics, error(type, diagnostics));
    }

    /** 403 Forbidden. */
    public static ForbiddenOperationException forbidden(IssueType type, String diagnostics) {
        return new ForbiddenOperationException(diagnostics, error(type, diagnostics));
    }

    /** 404 Not Found. */
    public static ResourceNotFoundException notFound(String diagnostics) {
        return new ResourceNotFoundException(diagnostics, error(IssueType.NOTFOUND, diagnostics));
    }

    /** 422 Unprocessable Entity: the request is well formed, its content breaks a rule. */
    public static UnprocessableEntityException unprocessable(IssueType type, String diagnostics) {
        return new UnprocessableEntityException(diagnostics, error(type, diagnostics));
    }
}
