package org.qiao.conformance.nist;

import org.w3c.dom.Document;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code <Assertions>}: XPath 1.0 expressions that must evaluate to "true". With {@code <DataRef file="THIS"
 * as="output"/>} they run over {@code <Data><output>log of this section</output></Data>}, the current step
 * included, which is where the toolkit runs them; without it over an empty {@code <Data/>}. Before
 * evaluation UseReport values, {@code $DATE$} (today, UTC, yyyyMMdd), {@code $now$} and {@code $lastyear$}
 * are substituted into the text.
 */
public final class XPathAssertions {

    private XPathAssertions() {
    }

    public static List<String> check(List<Instruction.Assert> asserts, Document sectionLog,
                                     Map<String, String> substitutions) {
        var data = Xml.newDocument();
        var root = data.createElementNS(null, "Data");
        data.appendChild(root);
        if (sectionLog != null) {
            var output = data.createElementNS(null, "output");
            output.appendChild(data.importNode(sectionLog.getDocumentElement(), true));
            root.appendChild(output);
        }
        var problems = new ArrayList<String>();
        for (var a : asserts) {
            var xpath = Substitution.replace(a.xpath(), substitutions).trim();
            if (xpath.contains("equalsIgnoreCase")) {
                var sides = xpath.split("equalsIgnoreCase");
                if (sides.length == 2) {
                    xpath = sides[0].toLowerCase(Locale.ROOT) + " = " + sides[1].toLowerCase(Locale.ROOT);
                }
            }
            String result;
            try {
                result = Xml.xpathString(xpath, data);
            } catch (IllegalArgumentException e) {
                problems.add("Assertion " + a.id() + ": " + e.getMessage());
                continue;
            }
            if (!"true".equalsIgnoreCase(result)) {
                problems.add("Assertion " + a.id() + " is " + result + ": " + oneLine(xpath) + sides(xpath, data));
            }
        }
        return problems;
    }

    /** The values of both sides of the comparison, to make a failure readable. */
    private static String sides(String xpath, Document data) {
        int op = operator(xpath);
        if (op < 0) {
            return "";
        }
        int len = xpath.startsWith("!=", op) ? 2 : 1;
        try {
            var left = Xml.xpathString(xpath.substring(0, op), data);
            var right = Xml.xpathString(xpath.substring(op + len), data);
            return " [left='" + left + "', right='" + right + "']";
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /** Index of the first =, != or &lt; outside brackets and quotes, or -1. */
    static int operator(String s) {
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '[' || c == '(') {
                depth++;
            } else if (c == ']' || c == ')') {
                depth--;
            } else if (depth == 0 && (c == '=' || c == '<' || (c == '!' && s.startsWith("=", i + 1)))) {
                return i;
            }
        }
        return -1;
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s+", " ");
    }
}
