package org.qiao.conformance.nist;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Patient ids in the testkit's patient domain ({@code &1.3.6.1.4.1.21367.2005.3.7&ISO}), unique to a run.
 * The testkit's placeholder patient ({@code SELF-5^^^&1.3.6.1.4.1.21367.2005.3.7&ISO}) is never sent: the id
 * a step forces into the metadata is always one of these.
 */
public final class PatientIds {

    public static final String DOMAIN = "1.3.6.1.4.1.21367.2005.3.7";
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private final String prefix;
    private final AtomicLong next = new AtomicLong();

    public PatientIds(String prefix) {
        this.prefix = prefix;
    }

    public static PatientIds random() {
        var rnd = new SecureRandom();
        var sb = new StringBuilder("Q");
        for (int i = 0; i < 6; i++) {
            sb.append(ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
        }
        return new PatientIds(sb.toString());
    }

    /** A new CX value, e.g. {@code QK7M2XA.3^^^&1.3.6.1.4.1.21367.2005.3.7&ISO}. */
    public String next() {
        return prefix + "." + next.incrementAndGet() + "^^^&" + DOMAIN + "&ISO";
    }
}
