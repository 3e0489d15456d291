package org.qiao.pix;

/** What an identity domain is, which decides how its identifiers link persons. */
public enum DomainType {
    /** The affinity domain: the regional identity the PIX Manager assigns. */
    REGIONAL,
    /** A hospital's or clinic's medical record numbers. */
    MRN,
    /** National resident ID card numbers: one number is one person. */
    NATIONAL_ID,
    /** Health card numbers: one card is one person. */
    HEALTH_CARD;

    /** Whether sharing an identifier of this type alone proves two records are the same person. */
    public boolean identifiesPerson() {
        return this != MRN;
    }
}
