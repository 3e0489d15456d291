package org.qiao.pix.matching;

import org.qiao.pix.Demographics;

import java.util.Map;

/**
 * What record linkage compares of a patient record. {@code identifiers} are person-level identifiers
 * (national ID, health card) by domain code: the same domain with another value is evidence of
 * another person; hospital MRNs do not belong here (one person may have two MRNs at one hospital).
 */
public record LinkageRecord(String familyName, String givenName, String birthDate, String sex, String phone,
                            String city, String postalCode, Map<String, String> identifiers) {

    public LinkageRecord {
        identifiers = identifiers == null ? Map.of() : Map.copyOf(identifiers);
    }

    public static LinkageRecord of(Demographics d, Map<String, String> personIdentifiers) {
        return new LinkageRecord(d.familyName(), d.givenName(), d.birthDate(), d.sex(), d.phone(), d.city(),
                d.postalCode(), personIdentifiers);
    }
}
