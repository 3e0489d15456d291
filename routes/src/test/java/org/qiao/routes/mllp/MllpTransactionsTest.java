package org.qiao.routes.mllp;

import org.junit.jupiter.api.Test;
import org.qiao.journal.Answer;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The dispatch table: which transaction takes a message, and the AR codes of ITI TF-2x C.2.3 for the rest. */
class MllpTransactionsTest {

    private static final MllpTransaction.Handler NONE = request -> Answer.withoutEffect("");
    private static final MllpTransaction FEED = MllpTransaction.door("ITI-8", List.of("2.3.1"),
            Set.of("ADT^A01", "ADT^A40"), NONE);
    private static final MllpTransaction PAM = MllpTransaction.door("ITI-30", List.of("2.5"), Set.of("ADT^A40"), NONE);
    private static final MllpTransaction DISCHARGES = MllpTransaction.door("ADT-A03", List.of("2.5"),
            Set.of("ADT^A03"), NONE).onlyFrom((app, facility) -> "EMR".equals(app), "from a system without a channel");
    private static final MllpTransactions TABLE = new MllpTransactions(List.of(FEED, PAM, DISCHARGES));

    private static String msh(String app, String type, String version) {
        return "MSH|^~\\&|" + app + "|HOSP|QIAO|REGION|20261207||" + type + "|C1|P|" + version + "\rEVN|X\r";
    }

    @Test
    void theVersionTellsTransactionsOfOneMessageApart() {
        assertThat(TABLE.resolve(msh("HIS", "ADT^A40", "2.3.1")).transaction()).isSameAs(FEED);
        assertThat(TABLE.resolve(msh("HIS", "ADT^A40^ADT_A39", "2.5")).transaction()).isSameAs(PAM);
    }

    @Test
    void messagesNoTransactionTakesAreRefusedWithTheirCode() {
        assertThat(TABLE.resolve(msh("HIS", "ORU^R01", "2.5")).refusal().getErrorCode()).isEqualTo(200);
        assertThat(TABLE.resolve(msh("HIS", "ADT^A99", "2.5")).refusal().getErrorCode()).isEqualTo(201);
        var sender = TABLE.resolve(msh("HIS", "ADT^A03", "2.5")).refusal();
        assertThat(sender.getErrorCode()).isEqualTo(201);
        assertThat(sender.getMessage()).contains("from a system without a channel").contains("[A01, A40]");
        assertThat(TABLE.resolve(msh("EMR", "ADT^A03", "2.5")).transaction()).isSameAs(DISCHARGES);
        assertThat(TABLE.resolve(msh("HIS", "ADT^A01", "2.5")).refusal().getMessage())
                .contains("must be HL7 version 2.3.1, not 2.5");
        assertThat(TABLE.resolve(msh("HIS", "ADT^A01", "2.3.1~2.5")).refusal().getErrorCode()).isEqualTo(203);
    }

    @Test
    void aMissingVersionIsAnUnsupportedVersionNotAnInternalError() {
        var refusal = TABLE.resolve(msh("HIS", "ADT^A40", "")).refusal();
        assertThat(refusal.getErrorCode()).isEqualTo(203);
        assertThat(refusal.getMessage()).contains("2.3.1 or 2.5, not null");
        assertThat(TABLE.resolve("MSH|^~\\&|HIS|HOSP|QIAO|REGION|20261207||ADT^A01|C1|P").refusal().getErrorCode())
                .isEqualTo(203);
    }

    @Test
    void twoTransactionsTakingOneMessageInOneVersionStopTheEngine() {
        var again = MllpTransaction.door("ITI-X", List.of("2.3.1", "2.4"), Set.of("ADT^A01"), NONE);
        assertThatThrownBy(() -> new MllpTransactions(List.of(FEED, again)))
                .hasMessageContaining("ADT^A01 is taken by both ITI-8 and ITI-X");
    }
}
