package org.qiao.conformance.nist;

import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.XMLConstants;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Turns a testkit SubmitObjectsRequest (ebRS/ebRIM 2.1, or 3.0 as written by hand) into the ebRS 3.0
 * {@code lcm:SubmitObjectsRequest} XDS.b expects, applying the rules of the NIST toolkit's TranslateToV3:
 * <ul>
 * <li>rim 2.1 namespace to rim 3.0, {@code LeafRegistryObjectList} to {@code RegistryObjectList} under
 *     {@code lcm:SubmitObjectsRequest}; top-level {@code ObjectRef}s (2.1 references to classification
 *     schemes) dropped;</li>
 * <li>children of every object in schema order: Slot, Name, Description, VersionInfo, Classification,
 *     ExternalIdentifier, then anything else;</li>
 * <li>an id for every Association, Classification and ExternalIdentifier that has none, and
 *     {@code registryObject} on every ExternalIdentifier (its parent's id);</li>
 * <li>{@code status} and {@code associationType} as URNs, {@code objectType} of RegistryPackage, Association,
 *     Classification and ExternalIdentifier set to the ebRIM object type URN (ExtrinsicObject keeps its
 *     DocumentEntry type), {@code minorVersion}/{@code majorVersion} dropped, {@code lang} as {@code xml:lang}.</li>
 * </ul>
 * Where the toolkit invents symbolic ids ({@code id_1}) for objects that had none, this class gives them
 * {@code urn:uuid:} values: nothing refers to such objects, and a registry must accept either.
 */
public final class Ebrim21To30 {

    public static final String RS_21 = "urn:oasis:names:tc:ebxml-regrep:registry:xsd:2.1";
    public static final String RIM_21 = "urn:oasis:names:tc:ebxml-regrep:rim:xsd:2.1";
    public static final String LCM_30 = "urn:oasis:names:tc:ebxml-regrep:xsd:lcm:3.0";
    public static final String RIM_30 = "urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0";
    public static final String RS_30 = "urn:oasis:names:tc:ebxml-regrep:xsd:rs:3.0";

    static final String STATUS_TYPE = "urn:oasis:names:tc:ebxml-regrep:StatusType:";
    static final String EB_ASSOCIATION_TYPE = "urn:oasis:names:tc:ebxml-regrep:AssociationType:";
    static final String IHE_ASSOCIATION_TYPE = "urn:ihe:iti:2007:AssociationType:";
    static final String OBJECT_TYPE = "urn:oasis:names:tc:ebxml-regrep:ObjectType:RegistryObject:";

    /** Association types the toolkit puts in the IHE namespace; all others are ebRIM types (HasMember, ...). */
    private static final Set<String> IHE_ASSOCIATION_TYPES = Set.of("APND", "XFRM", "RPLC", "XFRM_RPLC", "signs");
    /** Element types whose objectType the toolkit overwrites with the ebRIM URN. */
    private static final Set<String> FIXED_OBJECT_TYPES =
            Set.of("RegistryPackage", "Association", "Classification", "ExternalIdentifier");
    /** Element types that get an id when they have none. */
    private static final Set<String> NEED_ID = Set.of("Association", "Classification", "ExternalIdentifier");
    private static final List<String> ORDER =
            List.of("Slot", "Name", "Description", "VersionInfo", "Classification", "ExternalIdentifier");

    private final Supplier<String> newId;

    public Ebrim21To30(Supplier<String> newId) {
        this.newId = newId;
    }

    public Ebrim21To30() {
        this(() -> "urn:uuid:" + UUID.randomUUID());
    }

    /** True for a SubmitObjectsRequest of either version. */
    public static boolean isSubmitObjectsRequest(Element root) {
        return "SubmitObjectsRequest".equals(root.getLocalName())
                && (RS_21.equals(root.getNamespaceURI()) || LCM_30.equals(root.getNamespaceURI()));
    }

    /** A new document holding the 3.0 request; {@code request} is not changed. */
    public Document translate(Element request) {
        if (!isSubmitObjectsRequest(request)) {
            throw new IllegalArgumentException("Not a SubmitObjectsRequest: {" + request.getNamespaceURI() + "}"
                    + request.getLocalName());
        }
        var doc = Xml.newDocument();
        var sor = doc.createElementNS(LCM_30, "lcm:SubmitObjectsRequest");
        sor.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:rim", RIM_30);
        doc.appendChild(sor);
        // the XDR RequestSlotList (3.0 only) stays ahead of the object list
        Xml.child(request, "RequestSlotList").ifPresent(rsl -> sor.appendChild(copy(doc, rsl, null)));
        var list = doc.createElementNS(RIM_30, "rim:RegistryObjectList");
        sor.appendChild(list);
        var wrapper = wrapper(request);
        for (var object : Xml.children(wrapper)) {
            if (!"ObjectRef".equals(object.getLocalName())) {
                list.appendChild(copy(doc, object, null));
            }
        }
        return doc;
    }

    private static Element wrapper(Element request) {
        for (var name : List.of("LeafRegistryObjectList", "RegistryObjectList")) {
            var found = Xml.descendants(request, name);
            if (!found.isEmpty()) {
                return found.get(0);
            }
        }
        throw new IllegalArgumentException("SubmitObjectsRequest without a (Leaf)RegistryObjectList");
    }

    private Element copy(Document doc, Element from, String parentId) {
        var name = from.getLocalName();
        var to = doc.createElementNS(RIM_30, "rim:" + name);
        copyAttributes(from, to);
        if (NEED_ID.contains(name) && to.getAttribute("id").isEmpty()) {
            to.setAttribute("id", newId.get());
        }
        if ("ExternalIdentifier".equals(name) && parentId != null) {
            to.setAttribute("registryObject", parentId);
        }
        var myId = Xml.attr(from, "id") != null ? from.getAttribute("id") : to.getAttribute("id");
        var children = Xml.children(from);
        for (var kind : ORDER) {
            children.stream().filter(c -> kind.equals(c.getLocalName()))
                    .forEach(c -> to.appendChild(copy(doc, c, myId)));
        }
        children.stream()
                .filter(c -> !ORDER.contains(c.getLocalName()) && !"ObjectRef".equals(c.getLocalName()))
                .forEach(c -> to.appendChild(copy(doc, c, myId)));
        if (children.isEmpty() && !from.getTextContent().isEmpty()) {
            to.setTextContent(from.getTextContent());
        }
        return to;
    }

    private static void copyAttributes(Element from, Element to) {
        var attrs = from.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            var a = (Attr) attrs.item(i);
            var ns = a.getNamespaceURI();
            var local = a.getLocalName() != null ? a.getLocalName() : a.getName();
            if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(ns)) {
                continue;
            }
            if ("lang".equals(local)) {
                to.setAttributeNS(XMLConstants.XML_NS_URI, "xml:lang", a.getValue());
                continue;
            }
            if (ns != null) {
                continue; // xsi:schemaLocation and the like have no meaning in the 3.0 message
            }
            switch (local) {
                case "minorVersion", "majorVersion" -> { }
                case "status" -> to.setAttribute(local, withPrefix(a.getValue(), STATUS_TYPE));
                case "associationType" -> to.setAttribute(local, associationType(a.getValue()));
                default -> to.setAttribute(local, a.getValue());
            }
        }
        var type = from.getLocalName();
        if (FIXED_OBJECT_TYPES.contains(type)) {
            to.setAttribute("objectType", OBJECT_TYPE + type);
        }
    }

    static String associationType(String value) {
        return withPrefix(value, IHE_ASSOCIATION_TYPES.contains(value) ? IHE_ASSOCIATION_TYPE : EB_ASSOCIATION_TYPE);
    }

    /** The toolkit's addNamespace: values that already hold a ':' are taken as URNs and kept. */
    private static String withPrefix(String value, String prefix) {
        return value.contains(":") ? value : prefix + value;
    }
}
