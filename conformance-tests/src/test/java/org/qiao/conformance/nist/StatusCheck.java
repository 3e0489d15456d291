package org.qiao.conformance.nist;

import java.util.ArrayList;
import java.util.List;

/**
 * ExpectedStatus, ExpectedErrorCode and ExpectedErrorMessage against a response, with the toolkit's rules:
 * <ul>
 * <li>the status must be a {@code urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:} URN (PartialSuccess may
 *     also use {@code urn:ihe:iti:2007:ResponseStatusType:}) whose last part is one of the expected values;</li>
 * <li>an expected error message must be part of the codeContext or errorCode of an error (not a warning);</li>
 * <li>an expected error code must be the errorCode of some RegistryError;</li>
 * <li>when only Success is expected, any RegistryError that is not a warning fails the step.</li>
 * </ul>
 */
public final class StatusCheck {

    static final String EB_STATUS = "urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:";
    static final String IHE_STATUS = "urn:ihe:iti:2007:ResponseStatusType:";

    private StatusCheck() {
    }

    public static List<String> check(StepDefinition step, RegistryResponseView response) {
        var problems = new ArrayList<String>();
        var expected = expected(step);
        var status = response.status();
        if (status == null) {
            problems.add("Response has no status attribute");
        } else {
            var simple = status.substring(status.lastIndexOf(':') + 1);
            boolean namespaceOk = status.startsWith(EB_STATUS)
                    || ("PartialSuccess".equals(simple) && status.startsWith(IHE_STATUS));
            if (!namespaceOk) {
                problems.add("Status " + status + " is not a ResponseStatusType URN");
            } else if (expected.stream().noneMatch(e -> e.equalsIgnoreCase(simple))) {
                problems.add("Status is " + simple + ", expected " + String.join(" or ", expected)
                        + errorSummary(response));
            }
        }
        var message = step.expectedErrorMessage();
        if (message != null && !message.isBlank()) {
            boolean found = response.errors().stream().filter(RegistryResponseView.Error::isError)
                    .anyMatch(e -> contains(e.codeContext(), message) || contains(e.errorCode(), message));
            if (!found) {
                problems.add("Expected error message '" + message + "' not among the errors" + errorSummary(response));
            }
        }
        var code = step.expectedErrorCode();
        if (code != null && !code.isBlank() && !response.errorCodes().contains(code)) {
            problems.add("Expected errorCode " + code + ", got " + response.errorCodes());
        }
        if (expectsSuccessOnly(step)) {
            response.errors().stream().filter(RegistryResponseView.Error::isError)
                    .forEach(e -> problems.add("Unexpected RegistryError " + e));
        }
        return problems;
    }

    /** A step without ExpectedStatus expects Success. */
    public static List<String> expected(StepDefinition step) {
        return step.expectedStatus().isEmpty() ? List.of("Success") : step.expectedStatus();
    }

    public static boolean expectsSuccessOnly(StepDefinition step) {
        var e = expected(step);
        return e.size() == 1 && "Success".equalsIgnoreCase(e.get(0));
    }

    private static boolean contains(String text, String part) {
        return text != null && text.contains(part);
    }

    private static String errorSummary(RegistryResponseView response) {
        return response.errors().isEmpty() ? "" : " (errors: " + response.errors() + ")";
    }
}
