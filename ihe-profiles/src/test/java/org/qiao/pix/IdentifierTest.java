package org.qiao.pix;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IdentifierTest {

    private static Identifier id(String value, String domain) {
        return new Identifier(value, domain);
    }

    /** ITI TF-2a 3.9.4.2.2.6 Case 6: one domain's identifiers in successive repetitions, order kept. */
    @Test
    void identifiersOfOneDomainComeTogetherInFirstSeenAndGivenOrder() {
        var ids = List.of(id("A1", "a"), id("N", "n"), id("B1", "b"), id("A2", "a"), id("N2", "n"), id("A3", "a"));
        assertThat(Identifier.groupedByDomain(ids)).containsExactly(
                id("A1", "a"), id("A2", "a"), id("A3", "a"), id("N", "n"), id("N2", "n"), id("B1", "b"));
        assertThat(Identifier.groupedByDomain(List.of())).isEmpty();
        var grouped = List.of(id("A1", "a"), id("A2", "a"), id("B1", "b"));
        assertThat(Identifier.groupedByDomain(grouped)).isEqualTo(grouped);
    }
}
