package org.qiao.conformance.nist;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fresh uniqueIds for one run, as OIDs under a random root in the {@code 2.25} arc (OIDs derived from a
 * random number, ITU-T X.667), so runs never collide in a registry that keeps its data. The sourceId of every
 * submission is {@code <root>.1}; uniqueIds are {@code <root>.2.<n>}. Lengths stay far below XDS's 64.
 */
public final class OidAllocator {

    private final String root;
    private final AtomicLong next = new AtomicLong();

    public OidAllocator(String root) {
        this.root = root;
    }

    public static OidAllocator random() {
        return new OidAllocator("2.25." + new BigInteger(63, new SecureRandom()));
    }

    public String root() {
        return root;
    }

    public String sourceId() {
        return root + ".1";
    }

    public String next() {
        return root + ".2." + next.incrementAndGet();
    }
}
