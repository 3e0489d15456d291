package org.qiao.registry;

import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Folder;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.SubmissionSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.ErrorCode;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.InputStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The coded values the affinity domain allows, read from a code list in the NIST XDS Toolkit's codes.xml
 * format ({@code <CodeType name="classCode"><Code code=".." codingScheme=".."/>}). A submission using
 * a code outside the list is refused with XDSRegistryMetadataError.
 */
public class AffinityDomainCodes {

    private final Map<String, Set<String>> allowed = new HashMap<>();

    public AffinityDomainCodes(InputStream codesXml) throws Exception {
        var f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        var doc = f.newDocumentBuilder().parse(codesXml);
        var types = doc.getElementsByTagName("CodeType");
        for (int i = 0; i < types.getLength(); i++) {
            var type = (Element) types.item(i);
            var codes = type.getElementsByTagName("Code");
            var set = new HashSet<String>();
            for (int j = 0; j < codes.getLength(); j++) {
                var c = (Element) codes.item(j);
                set.add(key(c.getAttribute("code"), c.getAttribute("codingScheme")));
            }
            allowed.put(type.getAttribute("name"), set);
        }
    }

    void check(DocumentEntry d) {
        check("classCode", d.getClassCode(), d.getEntryUuid());
        check("typeCode", d.getTypeCode(), d.getEntryUuid());
        check("formatCode", d.getFormatCode(), d.getEntryUuid());
        check("healthcareFacilityTypeCode", d.getHealthcareFacilityTypeCode(), d.getEntryUuid());
        check("practiceSettingCode", d.getPracticeSettingCode(), d.getEntryUuid());
        check("confidentialityCode", d.getConfidentialityCodes(), d.getEntryUuid());
        check("eventCodeList", d.getEventCodeList(), d.getEntryUuid());
        var mimeTypes = allowed.get("mimeType");
        if (mimeTypes != null && d.getMimeType() != null && !mimeTypes.contains(key(d.getMimeType(), ""))) {
            throw new RegistryException(ErrorCode.REGISTRY_METADATA_ERROR,
                    "mimeType " + d.getMimeType() + " is not in the affinity domain's code list", d.getEntryUuid());
        }
    }

    void check(SubmissionSet s) {
        check("contentTypeCode", s.getContentTypeCode(), s.getEntryUuid());
    }

    void check(Folder f) {
        check("folderCodeList", f.getCodeList(), f.getEntryUuid());
    }

    private void check(String type, List<Code> codes, String uuid) {
        codes.forEach(c -> check(type, c, uuid));
    }

    private void check(String type, Code code, String uuid) {
        var set = allowed.get(type);
        if (code == null || set == null) {
            return;
        }
        if (!set.contains(key(code.getCode(), code.getSchemeName()))) {
            throw new RegistryException(ErrorCode.REGISTRY_METADATA_ERROR, type + " " + code.getCode() + " ("
                    + code.getSchemeName() + ") is not in the affinity domain's code list", uuid);
        }
    }

    private static String key(String code, String scheme) {
        return code + "^^" + (scheme == null ? "" : scheme);
    }
}
