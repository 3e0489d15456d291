package org.qiao.pix;

import java.util.List;

/**
 * What a source sent about a patient: PID demographics and PV1 visit data (kept for PDQ).
 * Dates are kept as HL7 TS strings, as sent. {@code accountNumber} is PID-18.1 (searched by PDQ).
 * The single-valued name, address and phone fields are the first repetition of PID-5, -11, -13 (what is searched
 * and compared first); {@code names}, {@code addresses} and {@code phones} are every repetition as sent (HL7 v2.5
 * 2.A.89 XPN, 2.A.85 XAD, 2.A.88 XTN; e.g. a hanzi name, XPN-8 {@code I}, and its pinyin, {@code P}), each encoded
 * with the standard delimiters ({@link EncodedField}); empty when a record predates them or its source sent none.
 */
public record Demographics(String familyName, String givenName, String birthDate, String sex,
                           String street, String city, String state, String postalCode, String country,
                           String phone, String accountNumber, String patientClass, String location, String visitNumber,
                           String attending, String admitTime, String dischargeTime,
                           String pidSegment, String pv1Segment,
                           List<String> names, List<String> addresses, List<String> phones) {

    public Demographics {
        names = names == null ? List.of() : List.copyOf(names);
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
        phones = phones == null ? List.of() : List.copyOf(phones);
    }

    /** Demographics without repetitions (only the first name, address and phone are known). */
    public Demographics(String familyName, String givenName, String birthDate, String sex,
                        String street, String city, String state, String postalCode, String country,
                        String phone, String accountNumber, String patientClass, String location, String visitNumber,
                        String attending, String admitTime, String dischargeTime,
                        String pidSegment, String pv1Segment) {
        this(familyName, givenName, birthDate, sex, street, city, state, postalCode, country, phone, accountNumber,
                patientClass, location, visitNumber, attending, admitTime, dischargeTime, pidSegment, pv1Segment,
                List.of(), List.of(), List.of());
    }

    /** Every PID-5 repetition; for a record without them (stored before, or no repetitions known) its first name. */
    public List<String> allNames() {
        return names.isEmpty() ? single(EncodedField.of(familyName, givenName)) : names;
    }

    /** Every PID-11 repetition, or the first address as an XAD street^^city^state^postal code^country. */
    public List<String> allAddresses() {
        return addresses.isEmpty() ? single(EncodedField.of(street, null, city, state, postalCode, country)) : addresses;
    }

    /** Every PID-13 repetition, or the first phone number as an XTN. */
    public List<String> allPhones() {
        return phones.isEmpty() ? single(EncodedField.of(phone)) : phones;
    }

    private static List<String> single(String encoded) {
        return encoded.isEmpty() ? List.of() : List.of(encoded);
    }
}
