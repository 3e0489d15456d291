package org.qiao.conformance.nist;

import java.util.List;

/**
 * A {@code <TestStep>}: expectations, patient id switches and at most one transaction.
 *
 * @param expectedStatus       {@code <ExpectedStatus>} values (comma separated in the toolkit), empty when absent
 * @param expectedErrorCode    {@code <ExpectedErrorCode>}: must appear as an errorCode in the RegistryErrorList
 * @param expectedErrorMessage {@code <ExpectedErrorMessage>}: must appear in an error's codeContext or errorCode
 * @param newPatientId         {@code <NewPatientId/>}: the test continues with a fresh, never fed patient id
 * @param altPatientId         {@code <AltPatientId/>}: this step forces a fresh, never fed patient id
 * @param instruction          the transaction, null for a step that only switches patient ids
 * @param unsupported          step-level elements this runner does not implement
 */
public record StepDefinition(
        String id,
        List<String> expectedStatus,
        String expectedErrorCode,
        String expectedErrorMessage,
        boolean newPatientId,
        boolean altPatientId,
        Instruction instruction,
        List<String> unsupported) {
}
