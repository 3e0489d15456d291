package org.qiao.pix.matching;

/**
 * Fellegi–Sunter parameters: for each field the m probability (two records of the same person agree)
 * and u probability (two records of different persons agree by chance), for full agreement and for up to two
 * partial levels; the weight of an outcome is log2(m/u) in bits, disagreement log2((1-m)/(1-u)).
 * A pair whose summed weight reaches {@code upper} is linked automatically, one below {@code lower} is
 * kept separate, and the band between goes to a person to decide.
 *
 * <p>Different persons come in two kinds, each with its own u probabilities: strangers, and
 * {@link Housemates} (members of one household: twins, siblings, parent and child, spouses), for whom
 * address, phone, family name and even the birth date agree far more often than by chance.
 *
 * <p>The defaults (see {@link #defaults()}) are estimates for a Chinese regional population and were
 * checked against the synthetic population in the tests (bench/MATCHING-REPORT.md).
 */
public record LinkageConfig(Field familyName, Field givenName, Field birthDate, Field sex, Field phone,
                            Field address, Field identifier, Housemates housemates,
                            double nameSwapPenalty, double nameSimilarity, double upper, double lower) {

    public LinkageConfig {
        if (lower > upper) {
            throw new IllegalArgumentException("lower threshold " + lower + " above upper " + upper);
        }
    }

    /** What a comparison of one field found; {@link #MISSING} (a side without a value) weighs nothing. */
    public enum Level { MISSING, AGREE, PARTIAL, RELATED, DISAGREE }

    /**
     * m/u for agreement, for a partial level (a variant of the same value) and for a related level (a
     * similar, yet another value); 0 where a field has no such level.
     */
    public record Field(double mAgree, double uAgree, double mPartial, double uPartial,
                        double mRelated, double uRelated) {

        public Field {
            if (mAgree <= 0 || uAgree <= 0 || mAgree + mPartial + mRelated >= 1 || uAgree + uPartial + uRelated >= 1
                    || (mPartial > 0) != (uPartial > 0) || (mRelated > 0) != (uRelated > 0)) {
                throw new IllegalArgumentException("bad m/u probabilities " + this);
            }
        }

        public Field(double mAgree, double uAgree, double mPartial, double uPartial) {
            this(mAgree, uAgree, mPartial, uPartial, 0, 0);
        }

        public static Field of(double m, double u) {
            return new Field(m, u, 0, 0);
        }

        /** The same m probabilities with the u probabilities of another kind of non-match. */
        public Field among(double agree, double partial, double related) {
            return new Field(mAgree, agree, mPartial, mPartial > 0 ? partial : 0, mRelated, mRelated > 0 ? related : 0);
        }

        public double agree() {
            return log2(mAgree / uAgree);
        }

        public double partial() {
            return mPartial > 0 ? log2(mPartial / uPartial) : disagree();
        }

        public double related() {
            return mRelated > 0 ? log2(mRelated / uRelated) : partial();
        }

        public double disagree() {
            return log2((1 - mAgree - mPartial - mRelated) / (1 - uAgree - uPartial - uRelated));
        }

        public double weight(Level level) {
            return switch (level) {
                case MISSING -> 0;
                case AGREE -> agree();
                case PARTIAL -> partial();
                case RELATED -> related();
                case DISAGREE -> disagree();
            };
        }
    }

    /**
     * The u probabilities among members of one household (Newcombe 1993, "Distinguishing individual linkages
     * of personal records from family linkages", Methods Inf Med 32:358–364: household and family identifiers
     * agreeing prove the household, not the person), with the m probabilities of the person fields, and
     * {@code prior}: how much rarer, in bits, a housemate is than a stranger among the pairs compared.
     */
    public record Housemates(Field familyName, Field givenName, Field birthDate, Field sex, Field phone,
                             Field address, double prior) {
    }

    /**
     * Defaults, in bits (agree / partial / related / disagree), strangers first:
     * <ul>
     *   <li>family name 4.2 / 0.7 / -6.5: a hundred surnames cover most residents, so two strangers share one
     *       about one time in twenty (u 0.05); partial = accent or typing variant; with
     *       {@link NameFrequencies} the u of an agreeing name is its share of the index (王 weighs less than 欧阳);</li>
     *   <li>given name 8.8 / 4.9 / 2.3 / -6.6: given names spread far more (u 0.002); partial = the same name
     *       spelt otherwise (fuzzy pinyin, a slip of the keyboard that leaves no pinyin); related = a similar,
     *       other name (Jaro–Winkler ≥ {@code nameSimilarity}: 嘉欣 / 嘉怡, what a wrong character also gives);
     *       hanzi homophones already agree fully through pinyin;</li>
     *   <li>birth date 14.8 / 6.6 / -5.6: some 30 000 birthdays in the population (u 1/30 000); partial =
     *       day and month swapped, two digits transposed, or one digit wrong;</li>
     *   <li>sex 1.0 / -4.6; phone 15.9 / 8.9 (one digit wrong) / -1.5 (phones change, so a different number
     *       says little); address 5.1 (same postal code) / 0.6 (same city only) / -2.6 (people move); postal
     *       code and city are one field because they are not independent, and phone and address are one
     *       household feature: with the phone agreeing, the same address adds nothing;</li>
     *   <li>national ID / health card in the same domain 23.3 / -10: a different number of the same kind is
     *       strong evidence of two persons;</li>
     *   <li>housemates (the u probabilities of twins where they matter, the closest housemates): family name
     *       0.9 / 2.3 / -5.6 (children share the father's, the wife keeps hers), given name 9.8 / 3.3 / -2.6 / -6.1
     *       (parents never give two children one name, often one character of it), birth date 5.5 (twins) /
     *       3.3 / -5.6, sex 1.0 / -4.6, phone 0.3 / 0.3 / -0.4 (a parent's mobile, the landline), address
     *       -0.4 / 2.3 / 2.9: what a household shares weighs nothing against its other members; prior 14 bits,
     *       below log2(100 000 residents / 2 housemates each) ≈ 15.6, so households are on the safe side;</li>
     *   <li>a name given in Western order (given name in the family field) costs 1 bit against the best
     *       straight reading;</li>
     *   <li>upper 24: needs name and birth date agreeing plus more, or name, birth date and a second
     *       strong field with a small variant; inside one household (where the mixture caps an exact
     *       re-registration at about 29.5) name and birth date must agree up to one small variant;
     *       lower 16: a shared common name alone never reaches review, nor do twins with distinct given names.</li>
     * </ul>
     */
    public static LinkageConfig defaults() {
        var family = new Field(0.94, 0.05, 0.05, 0.03);
        var given = new Field(0.88, 0.002, 0.06, 0.002, 0.05, 0.01);
        var birth = new Field(0.93, 1.0 / 30_000, 0.05, 0.0005);
        var sex = Field.of(0.98, 0.5);
        var phone = new Field(0.60, 1e-5, 0.05, 1e-4);
        var address = new Field(0.70, 0.02, 0.15, 0.10);
        var housemates = new Housemates(family.among(0.5, 0.01, 0), given.among(0.001, 0.006, 0.3),
                birth.among(0.02, 0.005, 0), sex.among(0.5, 0, 0), phone.among(0.5, 0.04, 0),
                address.among(0.95, 0.03, 0), 14.0);
        return new LinkageConfig(family, given, birth, sex, phone, address, Field.of(0.999, 1e-7), housemates,
                1.0, 0.88, 24.0, 16.0);
    }

    public LinkageConfig withThresholds(double newUpper, double newLower) {
        return new LinkageConfig(familyName, givenName, birthDate, sex, phone, address, identifier, housemates,
                nameSwapPenalty, nameSimilarity, newUpper, newLower);
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
