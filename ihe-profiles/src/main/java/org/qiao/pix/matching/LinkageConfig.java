package org.qiao.pix.matching;

/**
 * Fellegi–Sunter parameters: for each field the m probability (two records of the same person agree)
 * and u probability (two records of different persons agree by chance), for full agreement and for a
 * partial level; the weight of an outcome is log2(m/u) in bits, disagreement log2((1-m)/(1-u)).
 * A pair whose summed weight reaches {@code upper} is linked automatically, one below {@code lower} is
 * kept separate, and the band between goes to a person to decide.
 *
 * <p>The defaults (see {@link #defaults()}) are estimates for a Chinese regional population and were
 * checked against the synthetic population in the tests (bench/MATCHING-REPORT.md).
 */
public record LinkageConfig(Field familyName, Field givenName, Field birthDate, Field sex, Field phone,
                            Field address, Field identifier,
                            double nameSwapPenalty, double nameSimilarity, double upper, double lower) {

    public LinkageConfig {
        if (lower > upper) {
            throw new IllegalArgumentException("lower threshold " + lower + " above upper " + upper);
        }
    }

    /** m/u for agreement and for partial agreement (both 0 where a field has no partial level). */
    public record Field(double mAgree, double uAgree, double mPartial, double uPartial) {

        public Field {
            if (mAgree <= 0 || uAgree <= 0 || mAgree + mPartial >= 1 || uAgree + uPartial >= 1
                    || (mPartial > 0) != (uPartial > 0)) {
                throw new IllegalArgumentException("bad m/u probabilities " + this);
            }
        }

        public static Field of(double m, double u) {
            return new Field(m, u, 0, 0);
        }

        public double agree() {
            return log2(mAgree / uAgree);
        }

        public double partial() {
            return mPartial > 0 ? log2(mPartial / uPartial) : disagree();
        }

        public double disagree() {
            return log2((1 - mAgree - mPartial) / (1 - uAgree - uPartial));
        }
    }

    /**
     * Defaults, in bits (agree / partial / disagree):
     * <ul>
     *   <li>family name 4.2 / 0.7 / -6.5: a hundred surnames cover most residents, so two strangers share one
     *       about one time in twenty (u 0.05); partial = accent or typing variant; with
     *       {@link NameFrequencies} the u of an agreeing name is its share of the index (王 weighs less than 欧阳);</li>
     *   <li>given name 8.8 / 4.6 / -5.6: given names spread far more (u 0.002); partial = fuzzy pinyin or
     *       Jaro–Winkler ≥ {@code nameSimilarity}; hanzi homophones already agree fully through pinyin;</li>
     *   <li>birth date 14.8 / 6.6 / -5.6: some 30 000 birthdays in the population (u 1/30 000); partial =
     *       day and month swapped, two digits transposed, or one digit wrong;</li>
     *   <li>sex 1.0 / -4.6; phone 15.9 / 8.9 (one digit wrong) / -1.5 (phones change, so a different number
     *       says little); address 5.1 (same postal code) / 0.6 (same city only) / -2.6 (people move); postal
     *       code and city are one field because they are not independent;</li>
     *   <li>national ID / health card in the same domain 23.3 / -10: a different number of the same kind is
     *       strong evidence of two persons;</li>
     *   <li>a name given in Western order (given name in the family field) costs 1 bit against the best
     *       straight reading;</li>
     *   <li>upper 24: needs name and birth date agreeing plus more, or name, birth date and a second
     *       strong field with a small variant; lower 12: a shared common name alone never reaches review.</li>
     * </ul>
     */
    public static LinkageConfig defaults() {
        return new LinkageConfig(
                new Field(0.94, 0.05, 0.05, 0.03),
                new Field(0.88, 0.002, 0.10, 0.004),
                new Field(0.93, 1.0 / 30_000, 0.05, 0.0005),
                Field.of(0.98, 0.5),
                new Field(0.60, 1e-5, 0.05, 1e-4),
                new Field(0.70, 0.02, 0.15, 0.10),
                Field.of(0.999, 1e-7),
                1.0, 0.88, 24.0, 12.0);
    }

    public LinkageConfig withThresholds(double newUpper, double newLower) {
        return new LinkageConfig(familyName, givenName, birthDate, sex, phone, address, identifier,
                nameSwapPenalty, nameSimilarity, newUpper, newLower);
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
