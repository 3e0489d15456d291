package org.qiao.pix.matching;

import org.qiao.pix.Demographics;
import org.qiao.pix.EncodedField;

import java.util.List;
import java.util.Map;

/**
 * What record linkage compares of a patient record. {@code identifiers} are person-level identifiers
 * (national ID, health card) by domain code: the same domain with another value is evidence of
 * another person; hospital MRNs do not belong here (one person may have two MRNs at one hospital).
 */
public record LinkageRecord(String familyName, String givenName, String birthDate, String sex, String phone,
                            String city, String postalCode, Map<String, String> identifiers, List<Name> otherNames) {

    /** Another name of the same record: a further PID-5 repetition (HL7 v2.5 2.A.89 XPN), e.g. the pinyin. */
    public record Name(String familyName, String givenName) {
    }

    public LinkageRecord {
        identifiers = identifiers == null ? Map.of() : Map.copyOf(identifiers);
        otherNames = otherNames == null ? List.of() : List.copyOf(otherNames);
    }

    /** A record with one name. */
    public LinkageRecord(String familyName, String givenName, String birthDate, String sex, String phone,
                         String city, String postalCode, Map<String, String> identifiers) {
        this(familyName, givenName, birthDate, sex, phone, city, postalCode, identifiers, List.of());
    }

    public static LinkageRecord of(Demographics d, Map<String, String> personIdentifiers) {
        var first = new Name(d.familyName(), d.givenName());
        var others = new java.util.LinkedHashSet<Name>();
        for (var xpn : d.names()) {
            var name = new Name(EncodedField.part(xpn, 1, 1), EncodedField.part(xpn, 2, 1));
            if (!name.equals(first) && (name.familyName() != null || name.givenName() != null)) {
                others.add(name);
            }
        }
        return new LinkageRecord(d.familyName(), d.givenName(), d.birthDate(), d.sex(), d.phone(), d.city(),
                d.postalCode(), personIdentifiers, List.copyOf(others));
    }
}
