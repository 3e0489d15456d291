package org.qiao.translation;

/** Escaping for the CDA writers. */
final class Xml {

    private Xml() {
    }

    static String nz(String s) {
        return s == null ? "" : s;
    }

    static String text(String s) {
        return nz(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static String attr(String s) {
        return text(s).replace("\"", "&quot;");
    }
}
