package org.qiao.conformance.nist;

import org.w3c.dom.Document;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The steps of one section run so far: the toolkit's log.xml of that section. */
public final class SectionLog {

    public final String testId;
    public final String section;
    public final List<StepLog> steps = new ArrayList<>();

    public SectionLog(String testId, String section) {
        this.testId = testId;
        this.section = section;
    }

    public Optional<StepLog> step(String id) {
        return steps.stream().filter(s -> s.stepId.equals(id)).findFirst();
    }

    /** {@code <TestResults test section><TestStep .../>...</TestResults>}: what DataRef "THIS" points at. */
    public Document toDocument() {
        var doc = Xml.newDocument();
        var root = doc.createElementNS(null, "TestResults");
        root.setAttribute("test", testId);
        root.setAttribute("section", section);
        doc.appendChild(root);
        steps.forEach(s -> root.appendChild(s.toXml(doc)));
        return doc;
    }
}
