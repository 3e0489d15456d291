package org.qiao.conformance.nist;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one step did, kept as the toolkit keeps it in log.xml: later steps read its Assigned* tables
 * (UseId) and reports (UseReport), and XPath assertions and reports run over its XML form.
 */
public final class StepLog {

    /** The Assigned* sections a UseId may name. */
    public static final String PATIENT_IDS = "AssignedPatientId";
    public static final String UIDS = "AssignedUids";
    public static final String UUIDS = "AssignedUuids";
    public static final String SOURCE_IDS = "AssignedSourceId";

    public final String stepId;
    /** The transaction element name (e.g. RegisterTransaction), null for a step without transaction. */
    public final String transaction;
    public final Map<String, Map<String, String>> assigned = new LinkedHashMap<>();
    public final Map<String, String> reports = new LinkedHashMap<>();
    public Element inputMetadata;
    public Element result;
    public boolean passed;

    public StepLog(String stepId, String transaction) {
        this.stepId = stepId;
        this.transaction = transaction;
    }

    public void assign(String section, Map<String, String> values) {
        assigned.computeIfAbsent(section, k -> new LinkedHashMap<>()).putAll(values);
    }

    /** The first value reported under that name wins, as in the toolkit's report list. */
    public void report(String name, String value) {
        reports.putIfAbsent(name, value);
    }

    /**
     * {@code <TestStep id><XxxTransaction step><InputMetadata/><Result/><AssignedUids><Assign symbol id/>...}
     * in {@code doc}, the shape the testkit's XPaths are written against.
     */
    public Element toXml(Document doc) {
        var step = doc.createElementNS(null, "TestStep");
        step.setAttribute("id", stepId);
        if (transaction != null) {
            step.appendChild(transactionOutput(doc));
        }
        return step;
    }

    public Element transactionOutput(Document doc) {
        var t = doc.createElementNS(null, transaction);
        t.setAttribute("step", stepId);
        if (inputMetadata != null) {
            t.appendChild(wrap(doc, "InputMetadata", inputMetadata));
        }
        if (result != null) {
            t.appendChild(wrap(doc, "Result", result));
        }
        assigned.forEach((section, values) -> {
            var s = doc.createElementNS(null, section);
            values.forEach((symbol, id) -> {
                var a = doc.createElementNS(null, "Assign");
                a.setAttribute("symbol", symbol);
                a.setAttribute("id", id);
                s.appendChild(a);
            });
            t.appendChild(s);
        });
        var reportsElement = doc.createElementNS(null, "Reports");
        reports.forEach((name, value) -> {
            var r = doc.createElementNS(null, "Report");
            r.setAttribute("name", name);
            r.setTextContent(value);
            reportsElement.appendChild(r);
        });
        t.appendChild(reportsElement);
        return t;
    }

    private static Element wrap(Document doc, String name, Element content) {
        var w = doc.createElementNS(null, name);
        w.appendChild(doc.importNode(content, true));
        return w;
    }
}
