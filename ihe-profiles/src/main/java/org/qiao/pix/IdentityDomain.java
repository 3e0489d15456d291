package org.qiao.pix;

/**
 * A patient identification domain (an HL7 assigning authority).
 *
 * @param code      short name used in configuration and storage
 * @param namespace HD-1 namespace id
 * @param oid       HD-2 universal id (type ISO)
 * @param type      what its identifiers mean
 * @param source    the one Patient Identity Source of the domain (MSH-3^MSH-4 namespaces, e.g. "HIS^HOSP_A"),
 *                  whose identifiers sent without an assigning authority belong to this domain; may be null
 */
public record IdentityDomain(String code, String namespace, String oid, DomainType type, String source) {

    /** The assigning authority as CX-4 subcomponents: namespace&amp;oid&amp;ISO. */
    public String assigningAuthority(char subcomponentSeparator) {
        return namespace + subcomponentSeparator + oid + subcomponentSeparator + "ISO";
    }
}
