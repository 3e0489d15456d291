package org.qiao.journal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Keys built from message fields (application|facility|control id, an order number) can be longer than their
 * indexed column. Cutting them off would make two different messages equal; a long key is stored instead as
 * its beginning, '#', and the SHA-256 of the whole key, which still tells them apart and is the same every
 * time the same message comes.
 */
public final class LongKeys {

    private LongKeys() {
    }

    /** {@code key} itself when it fits in {@code max} characters, else its prefix and hash in {@code max}. */
    public static String fit(String key, int max) {
        if (key == null || key.length() <= max) {
            return key;
        }
        try {
            var hash = HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
            return key.substring(0, max - hash.length() - 1) + "#" + hash;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
