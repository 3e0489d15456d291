package org.qiao.conformance.nist;

import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Plain DOM helpers: the runner works on the testkit's XML as text and elements, never through bindings. */
public final class Xml {

    private Xml() {
    }

    private static DocumentBuilderFactory factory() {
        var f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        // comments in the testkit hold disabled instructions and placeholders; they must not reach the wire
        f.setIgnoringComments(true);
        try {
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
        return f;
    }

    public static Document parse(Path file) {
        try (var in = Files.newInputStream(file)) {
            return factory().newDocumentBuilder().parse(in);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot parse " + file + ": " + e.getMessage(), e);
        }
    }

    public static Document parse(byte[] bytes) {
        try {
            return factory().newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot parse XML: " + e.getMessage(), e);
        }
    }

    public static Document parse(String xml) {
        try {
            return factory().newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot parse XML: " + e.getMessage(), e);
        }
    }

    public static Document newDocument() {
        try {
            return factory().newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new document whose root is a deep copy of {@code element}. */
    public static Document documentOf(Element element) {
        var doc = newDocument();
        doc.appendChild(doc.importNode(element, true));
        return doc;
    }

    public static String toString(Node node) {
        try {
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            var w = new StringWriter();
            t.transform(new DOMSource(node), new StreamResult(w));
            return w.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<Element> children(Element parent) {
        var out = new ArrayList<Element>();
        for (var n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    public static List<Element> children(Element parent, String localName) {
        return children(parent).stream().filter(e -> localName.equals(e.getLocalName())).toList();
    }

    public static Optional<Element> child(Element parent, String localName) {
        return children(parent, localName).stream().findFirst();
    }

    /** All elements below (not including) {@code root} with that local name, in document order. */
    public static List<Element> descendants(Element root, String localName) {
        var out = new ArrayList<Element>();
        NodeList all = root.getElementsByTagNameNS("*", localName);
        for (int i = 0; i < all.getLength(); i++) {
            out.add((Element) all.item(i));
        }
        return out;
    }

    /** Element descendants including {@code root} itself, in document order. */
    public static List<Element> selfAndDescendants(Element root) {
        var out = new ArrayList<Element>();
        out.add(root);
        NodeList all = root.getElementsByTagNameNS("*", "*");
        for (int i = 0; i < all.getLength(); i++) {
            out.add((Element) all.item(i));
        }
        return out;
    }

    public static String text(Element e) {
        return e == null ? null : e.getTextContent().trim();
    }

    /** The attribute, or null when absent (DOM answers "" for absent attributes). */
    public static String attr(Element e, String name) {
        Attr a = e.getAttributeNode(name);
        return a == null ? null : a.getValue();
    }

    /** XPath 1.0 evaluated to a string, as the toolkit's Jaxen {@code stringValueOf} does. */
    public static String xpathString(String expression, Node context) {
        try {
            return (String) XPathFactory.newInstance().newXPath().evaluate(expression, context, XPathConstants.STRING);
        } catch (XPathExpressionException e) {
            throw new IllegalArgumentException("Bad XPath '" + expression.trim() + "': " + cause(e), e);
        }
    }

    private static String cause(Throwable e) {
        while (e.getCause() != null) {
            e = e.getCause();
        }
        return e.getMessage();
    }

    public static byte[] bytes(Node node) {
        return toString(node).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
