package org.qiao.bench;

import java.util.Arrays;
import java.util.List;

/** Sizes as people write them: 10k, 100k, 1M, 10M or plain numbers. */
public final class Sizes {

    private Sizes() {
    }

    public static long parse(String s) {
        var t = s.trim().toLowerCase();
        long factor = 1;
        if (t.endsWith("k")) {
            factor = 1_000;
        } else if (t.endsWith("m")) {
            factor = 1_000_000;
        }
        if (factor > 1) {
            t = t.substring(0, t.length() - 1);
        }
        return Long.parseLong(t) * factor;
    }

    public static List<Long> parseList(String s) {
        return Arrays.stream(s.split(",")).map(Sizes::parse).sorted().toList();
    }

    public static String format(long n) {
        if (n >= 1_000_000 && n % 1_000_000 == 0) {
            return n / 1_000_000 + "M";
        }
        if (n >= 1_000 && n % 1_000 == 0) {
            return n / 1_000 + "k";
        }
        return Long.toString(n);
    }
}
