package org.qiao.conformance.nist;

import java.util.Map;

/**
 * Where the transactions go: the engine's HTTP base URL (services at {@link TransactionKind#servicePath}
 * unless overridden) and its MLLP port for the patient identity feed.
 */
public record Target(String httpBase, int mllpPort, Map<TransactionKind, String> pathOverrides) {

    public Target(String httpBase, int mllpPort) {
        this(httpBase, mllpPort, Map.of());
    }

    public String endpoint(TransactionKind kind) {
        return httpBase + pathOverrides.getOrDefault(kind, kind.servicePath);
    }
}
