package org.qiao.conformance.nist;

import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.Text;

import java.util.Map;
import java.util.Set;

/**
 * The toolkit's linkage: a symbol (such as {@code $patientid$}, or a bare word such as {@code orig_uuid}) is
 * replaced by its value in every attribute value and text node. Like the toolkit it does not look inside
 * Report, UseReport and UseId instructions or inside the content of an XDS.b {@code Document}.
 */
public final class Substitution {

    private static final Set<String> SKIPPED = Set.of("Report", "UseReport", "UseId");
    private static final String XDSB = "urn:ihe:iti:xds-b:2007";

    private Substitution() {
    }

    /** Applies the pairs in iteration order. */
    public static void apply(Element root, Map<String, String> pairs) {
        pairs.forEach((symbol, value) -> replace(root, symbol, value));
    }

    public static void replace(Element root, String symbol, String value) {
        if (symbol == null || symbol.isEmpty() || value == null) {
            return;
        }
        if (SKIPPED.contains(root.getLocalName())
                || ("Document".equals(root.getLocalName()) && XDSB.equals(root.getNamespaceURI()))) {
            return;
        }
        var attrs = root.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            var a = (Attr) attrs.item(i);
            if (a.getValue().contains(symbol)) {
                a.setValue(a.getValue().replace(symbol, value));
            }
        }
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Text t && t.getData().contains(symbol)) {
                t.setData(t.getData().replace(symbol, value));
            } else if (n instanceof Element e) {
                replace(e, symbol, value);
            }
        }
    }

    /** The same replacement on a plain string (assertion texts, file names). */
    public static String replace(String text, Map<String, String> pairs) {
        var out = text;
        for (var p : pairs.entrySet()) {
            if (p.getKey() != null && !p.getKey().isEmpty() && p.getValue() != null) {
                out = out.replace(p.getKey(), p.getValue());
            }
        }
        return out;
    }
}
