package org.qiao.translation;

import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import java.io.IOException;
import java.io.StringReader;
import java.util.Optional;

/**
 * The CDA R2 schema (HL7's CDA.xsd with POCD_MT000040, as shipped in Husky's husky-common-gen jar on Maven
 * Central under /schemas/hl7cdar2/). Every document Qiao writes is checked against it before it is registered:
 * a document the schema refuses would be unreadable for other systems, so it never enters the record.
 */
public final class CdaSchema {

    /** Where the schema lies on the class path. */
    public static final String LOCATION = "/schemas/hl7cdar2/CDA.xsd";

    private static final Schema SCHEMA = load();

    private CdaSchema() {
    }

    /** Why the document is not schema-valid CDA R2 (the first error, with its line), or empty when it is. */
    public static Optional<String> problem(String cda) {
        var validator = SCHEMA.newValidator();
        try {
            // the documents are our own, but a validator must never fetch anything
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            validator.validate(new StreamSource(new StringReader(cda)));
            return Optional.empty();
        } catch (SAXParseException e) {
            return Optional.of("line " + e.getLineNumber() + ": " + e.getMessage());
        } catch (SAXException | IOException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static Schema load() {
        var url = CdaSchema.class.getResource(LOCATION);
        if (url == null) {
            throw new IllegalStateException("CDA R2 schema " + LOCATION + " is not on the class path");
        }
        try {
            var factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            // the schema includes its parts by relative location inside the same jar; nothing from the network
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "jar,file");
            return factory.newSchema(url);
        } catch (SAXException e) {
            throw new IllegalStateException("CDA R2 schema cannot be read", e);
        }
    }
}
