package org.qiao.pix;

/** A patient identifier in a known domain (domain is the domain's code). */
public record Identifier(String value, String domain) {
    @Override
    public String toString() {
        return value + "@" + domain;
    }
}
