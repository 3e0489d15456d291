package org.qiao.pix;

import java.util.List;

/**
 * One patient as a source sends it: the identifiers sent together (PID-3) and its demographics.
 * The first identifier of an MRN domain, or else the first identifier, keys the source's record.
 */
public record PatientFeed(List<Identifier> identifiers, Demographics demographics, IdentityDomains domains) {

    public PatientFeed {
        if (identifiers.isEmpty()) {
            throw new IllegalArgumentException("A patient feed needs at least one identifier");
        }
        identifiers = List.copyOf(identifiers);
    }

    public Identifier recordKey() {
        return identifiers.stream()
                .filter(id -> domains.byCode(id.domain()).map(d -> d.type() == DomainType.MRN).orElse(false))
                .findFirst()
                .orElse(identifiers.get(0));
    }
}
