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

    /** Fails when the schema cannot be read, so the engine refuses to start rather than every document failing. */
    public static void ready() {
        SCHEMA.newValidator();
    }

    /**
     * Loads CDA.xsd and the parts it includes from the class path, by name: inside a packaged engine the jar is
     * nested, and resolving includes through URLs would depend on the launcher. Nothing is fetched from outside.
     */
    private static Schema load() {
        var factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        try {
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setResourceResolver((type, namespace, publicId, systemId, baseUri) -> {
                var base = baseUri == null ? LOCATION : baseUri.substring(baseUri.indexOf(FOLDER));
                var path = java.net.URI.create("cp:" + base).resolve(systemId).getSchemeSpecificPart();
                return input(path, publicId);
            });
            var main = input(LOCATION, null);
            return factory.newSchema(new StreamSource(main.getByteStream(), main.getSystemId()));
        } catch (SAXException e) {
            throw new IllegalStateException("CDA R2 schema cannot be read", e);
        }
    }

    private static final String FOLDER = "/schemas/hl7cdar2/";

    private static org.w3c.dom.ls.LSInput input(String path, String publicId) {
        var stream = CdaSchema.class.getResourceAsStream(path);
        if (stream == null) {
            throw new IllegalStateException("CDA R2 schema part " + path + " is not on the class path");
        }
        return new Part(publicId, "cp:" + path, stream);
    }

    /** One schema file handed to the schema factory as bytes. */
    private record Part(String publicId, String systemId, java.io.InputStream byteStream)
            implements org.w3c.dom.ls.LSInput {
        @Override public java.io.Reader getCharacterStream() { return null; }
        @Override public void setCharacterStream(java.io.Reader characterStream) { }
        @Override public java.io.InputStream getByteStream() { return byteStream; }
        @Override public void setByteStream(java.io.InputStream byteStream) { }
        @Override public String getStringData() { return null; }
        @Override public void setStringData(String stringData) { }
        @Override public String getSystemId() { return systemId; }
        @Override public void setSystemId(String systemId) { }
        @Override public String getPublicId() { return publicId; }
        @Override public void setPublicId(String publicId) { }
        @Override public String getBaseURI() { return null; }
        @Override public void setBaseURI(String baseURI) { }
        @Override public String getEncoding() { return null; }
        @Override public void setEncoding(String encoding) { }
        @Override public boolean getCertifiedText() { return false; }
        @Override public void setCertifiedText(boolean certifiedText) { }
    }
}
