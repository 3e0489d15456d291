package org.qiao.pix;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configured identity domains, and how an assigning authority as sent on the wire is resolved.
 *
 * <p>ITI TF-2a lets a sender populate the assigning authority with the namespace id alone, the universal
 * id and its type alone, or all three. A partial one is completed from configuration; when all are
 * present they must name the same domain. Anything else is an unknown domain.
 */
public class IdentityDomains {

    private final Map<String, IdentityDomain> byCode = new LinkedHashMap<>();
    private final Map<String, IdentityDomain> byNamespace = new LinkedHashMap<>();
    private final Map<String, IdentityDomain> byOid = new LinkedHashMap<>();
    private final Map<String, IdentityDomain> bySource = new LinkedHashMap<>();
    private final IdentityDomain affinity;

    public IdentityDomains(List<IdentityDomain> domains, String affinityDomainCode) {
        for (var d : domains) {
            if (byCode.put(d.code(), d) != null || byNamespace.put(d.namespace(), d) != null
                    || byOid.put(d.oid(), d) != null) {
                throw new IllegalArgumentException("Identity domain defined twice: " + d);
            }
            if (d.source() != null && !d.source().isBlank() && bySource.put(d.source(), d) != null) {
                throw new IllegalArgumentException("Two domains name the same source " + d.source()
                        + ": ITI TF-2a allows one Patient Identity Source per domain");
            }
        }
        affinity = byCode.get(affinityDomainCode);
        if (affinity == null || affinity.type() != DomainType.REGIONAL) {
            throw new IllegalArgumentException(
                    "The affinity domain '" + affinityDomainCode + "' must be a configured domain of type REGIONAL");
        }
    }

    public IdentityDomain affinityDomain() {
        return affinity;
    }

    public Optional<IdentityDomain> byCode(String code) {
        return Optional.ofNullable(byCode.get(code));
    }

    public List<IdentityDomain> all() {
        return List.copyOf(byCode.values());
    }

    /**
     * The domain of identifiers sent without any assigning authority by this source (ITI TF-2a 3.8.4.1.3:
     * the manager fills PID-3.4 from the configuration of the Patient Identity Source).
     */
    public Optional<IdentityDomain> forSource(String sendingApplication, String sendingFacility) {
        return Optional.ofNullable(bySource.get(sendingApplication + "^" + sendingFacility));
    }

    /** Resolves HD subcomponents (any may be blank) to a configured domain. */
    public Optional<IdentityDomain> resolve(String namespace, String universalId, String universalIdType) {
        var ns = blankToNull(namespace);
        var uid = blankToNull(universalId);
        var type = blankToNull(universalIdType);
        // HL7 v2.5 data type HD (ITI TF-2a 3.8.4.1.2.3): the universal id and its type come together, and a
        // domain is identified by an ISO OID; "&OID" without "ISO", a type without an id, or another type
        // (DNS, UUID...) identifies no domain of ours
        if ((uid == null) != (type == null) || type != null && !"ISO".equals(type)) {
            return Optional.empty();
        }
        var fromNs = ns == null ? null : byNamespace.get(ns);
        var fromUid = uid == null ? null : byOid.get(uid);
        if (ns != null && uid != null) {
            return fromNs != null && fromNs == fromUid ? Optional.of(fromNs) : Optional.empty();
        }
        return Optional.ofNullable(fromNs != null ? fromNs : fromUid);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
