package org.qiao.translation;

import javax.xml.XMLConstants;
import javax.xml.transform.Templates;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.stream.StreamResult;
import javax.xml.transform.stream.StreamSource;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;

/**
 * Renders CDA documents as HTML for people (the console's resident timeline) with the stylesheet
 * {@code /cda/cda-to-html.xsl}. The stylesheet is compiled once; documents are read with external entities
 * and DTDs refused.
 */
public class CdaRenderer {

    private final Templates stylesheet;
    private final TransformerFactory factory;

    public CdaRenderer() {
        try {
            factory = TransformerFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            try (var xsl = CdaRenderer.class.getResourceAsStream("/cda/cda-to-html.xsl")) {
                stylesheet = factory.newTemplates(new StreamSource(xsl));
            }
        } catch (Exception e) {
            throw new IllegalStateException("Cannot load the CDA stylesheet", e);
        }
    }

    public String toHtml(byte[] cda) throws TransformerException {
        var out = new StringWriter();
        stylesheet.newTransformer().transform(new StreamSource(new ByteArrayInputStream(cda)), new StreamResult(out));
        return out.toString();
    }
}
