package org.qiao.pix.matching;

import org.qiao.pix.matching.LinkageConfig.Field;
import org.qiao.pix.matching.LinkageConfig.Level;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Probabilistic record linkage (Fellegi–Sunter) of two patient records.
 *
 * <p>Algorithm:
 * <ol>
 *   <li>{@link #prepare}: normalise each record once: names to toneless pinyin forms and fuzzy keys
 *       (hanzi and pinyin become comparable), birth date to yyyyMMdd, phone to its last 11 digits, city to
 *       pinyin; derive its blocking keys;</li>
 *   <li>candidates are the records sharing at least one blocking key (the caller's index or query);</li>
 *   <li>{@link #compare}: per field, find the agreement level (agree / partial / related / disagree; a field
 *       missing on either side weighs 0); names are read straight and crossed (Western order) and the better
 *       reading counts;</li>
 *   <li>weigh the levels twice: against strangers, and against housemates, whose u probabilities
 *       ({@link LinkageConfig.Housemates}) know that a household shares its address, phone and family name
 *       and twins their birth date. Different persons are a mixture of the two kinds (a latent class per kind,
 *       as in Larsen and Rubin 2001, "Iterative automated record linkage using mixture models", JASA 96:32–41),
 *       so the pair's weight is log2(m / (u_strangers + u_housemates · 2^-prior)): close to the smaller of the
 *       two sums, and the fields a household shares cannot outweigh a given name that says another person
 *       (Newcombe 1993, Methods Inf Med 32:358–364);</li>
 *   <li>the total decides: ≥ upper AUTO_LINK, ≥ lower REVIEW, else SEPARATE; a pair whose sexes disagree is
 *       never linked automatically (REVIEW at most): in a household that is a brother and a sister far more
 *       often than a clerk's slip.</li>
 * </ol>
 */
public class RecordLinkage {

    public enum Decision { AUTO_LINK, REVIEW, SEPARATE }

    /** The weight of a pair, its decision and each field's contribution (for reviewers). */
    public record Score(double weight, Decision decision, Map<String, Double> fields) {
    }

    /** A record normalised for comparison. */
    public record Prepared(List<String> family, List<String> given, Set<String> familyFuzzy,
                           Set<String> givenFuzzy, boolean hanziName, String birthDate, String sex, String phone, String city,
                           String postalCode, Map<String, String> identifiers, Set<String> blockingKeys,
                           List<Prepared> otherNames) {
    }

    private final LinkageConfig config;
    private final NameFrequencies frequencies;

    public RecordLinkage(LinkageConfig config) {
        this(config, NameFrequencies.NONE);
    }

    public RecordLinkage(LinkageConfig config, NameFrequencies frequencies) {
        this.config = config;
        this.frequencies = frequencies;
    }

    /** The same configuration with name frequencies of the current index. */
    public RecordLinkage withFrequencies(NameFrequencies newFrequencies) {
        return new RecordLinkage(config, newFrequencies);
    }

    public LinkageConfig config() {
        return config;
    }

    /**
     * The record normalised; each of its other names (further PID-5 repetitions, e.g. the pinyin of a hanzi
     * name) is prepared the same way, adds its blocking keys, and is compared too ({@link #names}).
     */
    public Prepared prepare(LinkageRecord r) {
        var main = prepare(r, r.familyName(), r.givenName(), List.of());
        if (r.otherNames().isEmpty()) {
            return main;
        }
        var others = new java.util.ArrayList<Prepared>();
        var keys = new LinkedHashSet<>(main.blockingKeys());
        for (var name : r.otherNames()) {
            var other = prepare(r, name.familyName(), name.givenName(), List.of());
            others.add(other);
            keys.addAll(other.blockingKeys());
        }
        return new Prepared(main.family(), main.given(), main.familyFuzzy(), main.givenFuzzy(), main.hanziName(),
                main.birthDate(), main.sex(), main.phone(), main.city(), main.postalCode(), main.identifiers(),
                keys, List.copyOf(others));
    }

    private Prepared prepare(LinkageRecord r, String familyName, String givenName, List<Prepared> others) {
        var parts = NameNormalizer.split(familyName, givenName);
        var family = NameNormalizer.forms(parts.family(), true);
        var given = NameNormalizer.forms(parts.given(), false);
        var date = date(r.birthDate());
        var phone = phone(r.phone());
        var cityForms = NameNormalizer.forms(r.city(), false);
        var city = cityForms.isEmpty() ? null : cityForms.get(0);
        var postal = r.postalCode() == null || r.postalCode().isBlank() ? null : r.postalCode().strip();
        var sex = sex(r.sex());
        boolean hanzi = NameNormalizer.isHanzi(parts.family() + parts.given());
        return new Prepared(family, given, fuzzy(family), fuzzy(given), hanzi, date, sex, phone, city, postal,
                r.identifiers(), blockingKeys(family, given, date, phone), others);
    }

    /**
     * Blocking keys: family-name initial + birth year (catches name typos after the first letter and
     * swapped or mistyped day/month), the full birth date (catches family-name variants), the phone, and the
     * sorted fuzzy name (catches a mistyped birth year, and names in Western order).
     */
    static Set<String> blockingKeys(List<String> family, List<String> given, String date, String phone) {
        var keys = new LinkedHashSet<String>();
        if (!family.isEmpty() && date != null) {
            // the initial as a code point: a rare hanzi outside the BMP (𠮷) is kept as it is, not half of it
            keys.add("n:" + Character.toString(family.get(0).codePointAt(0)) + date.substring(0, 4));
        }
        if (date != null) {
            keys.add("d:" + date);
        }
        if (phone != null) {
            keys.add("p:" + phone);
        }
        if (!family.isEmpty() && !given.isEmpty()) {
            var a = NameNormalizer.fuzzy(family.get(0));
            var b = NameNormalizer.fuzzy(given.get(0));
            keys.add("s:" + (a.compareTo(b) <= 0 ? a + " " + b : b + " " + a));
        }
        return keys;
    }

    private Decision decide(double weight) {
        if (weight >= config.upper()) {
            return Decision.AUTO_LINK;
        }
        return weight >= config.lower() ? Decision.REVIEW : Decision.SEPARATE;
    }

    /** The pair's decision only (no breakdown): for bulk comparison. */
    public Decision decision(Prepared a, Prepared b) {
        return decide(sum(a, b, null), sexDisagrees(a, b));
    }

    /** The pair's total weight only (no breakdown): for bulk comparison. */
    public double weight(Prepared a, Prepared b) {
        return sum(a, b, null);
    }

    public Score compare(Prepared a, Prepared b) {
        var fields = new LinkedHashMap<String, Double>();
        double w = sum(a, b, fields);
        return new Score(w, decide(w, sexDisagrees(a, b)), fields);
    }

    private Decision decide(double weight, boolean sexDisagrees) {
        var d = decide(weight);
        return d == Decision.AUTO_LINK && sexDisagrees ? Decision.REVIEW : d;
    }

    private static boolean sexDisagrees(Prepared a, Prepared b) {
        return a.sex() != null && b.sex() != null && !a.sex().equals(b.sex());
    }

    /**
     * The weight against strangers (fields as for the reviewer), the weight against housemates, and their
     * mixture; "household" in {@code fields} is what the mixture took off the strangers' sum.
     */
    private double sum(Prepared a, Prepared b, Map<String, Double> fields) {
        var mates = config.housemates();
        var name = names(a, b);
        var birth = birthDate(a.birthDate(), b.birthDate());
        var sex = a.sex() == null || b.sex() == null ? Level.MISSING
                : a.sex().equals(b.sex()) ? Level.AGREE : Level.DISAGREE;
        var phone = phone(a.phone(), b.phone());
        var address = address(a, b);
        double ids = identifiers(a.identifiers(), b.identifiers());
        double strangers = put(fields, "name", name.strangers())
                + put(fields, "birthDate", config.birthDate().weight(birth))
                + put(fields, "sex", config.sex().weight(sex))
                + put(fields, "phone", config.phone().weight(phone))
                // phone and address are one household feature, not independent evidence (Daggy et al. 2013,
                // "A practical approach for incorporating dependence among fields in probabilistic record
                // linkage", BMC Med Inform Decis Mak 13:97): a shared phone already says one home
                + put(fields, "address", phone == Level.AGREE && address == Level.AGREE ? 0
                        : config.address().weight(address))
                + put(fields, "identifiers", ids);
        double housemates = name.housemates() + mates.birthDate().weight(birth) + mates.sex().weight(sex)
                + mates.phone().weight(phone) + mates.address().weight(address) + ids + mates.prior();
        double total = mixture(strangers, housemates);
        put(fields, "household", total - strangers);
        return total;
    }

    /** log2 of m over the summed u of two kinds of non-match, from their two weights: -log2(2^-a + 2^-b). */
    static double mixture(double a, double b) {
        double low = Math.min(a, b);
        return low - log2(1 + Math.pow(2, -Math.abs(a - b)));
    }

    /** Postal code agrees: agree; else the same city: partial; else disagree (one field: they are not independent). */
    private static Level address(Prepared a, Prepared b) {
        if (a.postalCode() != null && b.postalCode() != null) {
            if (a.postalCode().equals(b.postalCode())) {
                return Level.AGREE;
            }
        }
        if (a.city() != null && b.city() != null) {
            return a.city().equals(b.city()) ? Level.PARTIAL : Level.DISAGREE;
        }
        if (a.postalCode() != null && b.postalCode() != null) {
            return Level.DISAGREE;
        }
        return Level.MISSING;
    }

    private static double put(Map<String, Double> fields, String name, double weight) {
        if (fields != null) {
            fields.put(name, weight);
        }
        return weight;
    }

    /** A name comparison weighed against strangers and against housemates. */
    private record NameWeights(double strangers, double housemates) {

        static final NameWeights NONE = new NameWeights(0, 0);

        NameWeights best(NameWeights o) {
            return new NameWeights(Math.max(strangers, o.strangers), Math.max(housemates, o.housemates));
        }
    }

    /** The best-agreeing pair of the two records' names (each the first name or one of its other names). */
    private NameWeights names(Prepared a, Prepared b) {
        var best = name(a, b);
        for (var x : a.otherNames()) {
            best = best.best(name(x, b));
            for (var y : b.otherNames()) {
                best = best.best(name(x, y));
            }
        }
        for (var y : b.otherNames()) {
            best = best.best(name(a, y));
        }
        return best;
    }

    private NameWeights name(Prepared a, Prepared b) {
        if ((a.family().isEmpty() && a.given().isEmpty()) || (b.family().isEmpty() && b.given().isEmpty())) {
            return NameWeights.NONE;
        }
        var mates = config.housemates();
        var family = part(a.family(), a.familyFuzzy(), b.family(), b.familyFuzzy(), true);
        var given = part(a.given(), a.givenFuzzy(), b.given(), b.givenFuzzy(), false);
        var best = new NameWeights(family.weight(config.familyName()) + given.weight(config.givenName()),
                mates.familyName().weight(family.level()) + mates.givenName().weight(given.level()));
        // Western order (given name in the family field) happens in Latin script only: hanzi names are
        // always written family first, and 夏莉 / 李霞 are two persons
        if (!(a.hanziName() && b.hanziName())) {
            best = best.best(crossed(a, b));
        }
        // a whole name written as one word ("Wangxiaoming") against a split one
        double whole = config.familyName().agree() + config.givenName().agree();
        if (best.strangers() < whole
                && !a.family().isEmpty() && !b.family().isEmpty()
                && (a.given().isEmpty() || b.given().isEmpty())
                && whole(a).stream().anyMatch(whole(b)::contains)) {
            best = new NameWeights(whole, mates.familyName().agree() + mates.givenName().agree());
        }
        return best;
    }

    /**
     * The crossed reading: a's family field against b's given field and the other way round. Which of the two
     * comparisons is of family names follows from the record written in hanzi (always family first); with
     * both in Latin script it is unknown, and the worse of the two readings counts: a given name compared as
     * if it were a family name would pass for a variant of it (hongmin / hong).
     */
    private NameWeights crossed(Prepared a, Prepared b) {
        if (b.hanziName()) {
            return crossed(a, b, false);
        }
        if (a.hanziName()) {
            return crossed(a, b, true);
        }
        var one = crossed(a, b, true);
        var other = crossed(a, b, false);
        return new NameWeights(Math.min(one.strangers(), other.strangers()),
                Math.min(one.housemates(), other.housemates()));
    }

    /** {@code familyFirst}: a's family field holds a family name (b is the record in Western order). */
    private NameWeights crossed(Prepared a, Prepared b, boolean familyFirst) {
        var mates = config.housemates();
        var first = part(a.family(), a.familyFuzzy(), b.given(), b.givenFuzzy(), familyFirst);
        var second = part(a.given(), a.givenFuzzy(), b.family(), b.familyFuzzy(), !familyFirst);
        var family = familyFirst ? first : second;
        var given = familyFirst ? second : first;
        return new NameWeights(
                family.weight(config.familyName()) + given.weight(config.givenName()) - config.nameSwapPenalty(),
                mates.familyName().weight(family.level()) + mates.givenName().weight(given.level())
                        - config.nameSwapPenalty());
    }

    private static Set<String> whole(Prepared p) {
        var out = new LinkedHashSet<String>();
        for (var f : p.family()) {
            if (p.given().isEmpty()) {
                out.add(f);
            }
            for (var g : p.given()) {
                out.add(f + g);
                out.add(g + f);
            }
        }
        return out;
    }

    /** One name part's level and, when it agrees, the share of the index with that form (0 without frequencies). */
    private record Part(Level level, double share) {

        /** Against strangers an agreeing name weighs by how common it is. */
        double weight(Field field) {
            return level == Level.AGREE && share > field.uAgree() ? log2(field.mAgree() / share) : field.weight(level);
        }
    }

    /**
     * One name part: agree when a form is shared (weighed by how common that name is); partial when it is the
     * same name spelt otherwise (fuzzy pinyin; for a given name also one slip of the keyboard in a name of
     * five letters or more that leaves no valid pinyin: shorter names one letter apart are often two names,
     * jing / ping, and so are two valid spellings, haijia / haijian); related when it is another, similar
     * name (Jaro–Winkler); else disagree. A family name has no related level: a similar family name is a
     * variant of it.
     */
    private Part part(List<String> a, Set<String> aFuzzy, List<String> b, Set<String> bFuzzy, boolean family) {
        if (a.isEmpty() || b.isEmpty()) {
            return new Part(Level.MISSING, 0);
        }
        for (var x : a) {
            if (b.contains(x)) {
                return new Part(Level.AGREE, family ? frequencies.familyShare(x) : frequencies.givenShare(x));
            }
        }
        for (var x : aFuzzy) {
            if (bFuzzy.contains(x)) {
                return new Part(Level.PARTIAL, 0);
            }
        }
        var similar = Level.DISAGREE;
        for (var x : a) {
            for (var y : b) {
                if (!family && Math.max(x.length(), y.length()) >= 5 && oneEdit(x, y)
                        && !(NameNormalizer.isPinyin(x) && NameNormalizer.isPinyin(y))) {
                    return new Part(Level.PARTIAL, 0);
                }
                if (JaroWinkler.similarity(x, y) >= config.nameSimilarity()) {
                    similar = family ? Level.PARTIAL : Level.RELATED;
                }
            }
        }
        return new Part(similar, 0);
    }

    private static Level birthDate(String a, String b) {
        if (a == null || b == null) {
            return Level.MISSING;
        }
        if (a.equals(b)) {
            return Level.AGREE;
        }
        return dateVariant(a, b) ? Level.PARTIAL : Level.DISAGREE;
    }

    /** Day and month swapped, two adjacent digits transposed, or one digit different. */
    static boolean dateVariant(String a, String b) {
        if (a.substring(0, 4).equals(b.substring(0, 4))
                && a.substring(4, 6).equals(b.substring(6, 8)) && a.substring(6, 8).equals(b.substring(4, 6))) {
            return true;
        }
        return oneEdit(a, b);
    }

    /**
     * One slip: same length and exactly one position differs or two adjacent positions are swapped, or one
     * character more or less.
     */
    static boolean oneEdit(String a, String b) {
        if (Math.abs(a.length() - b.length()) == 1) {
            return oneDropped(a.length() > b.length() ? a : b, a.length() > b.length() ? b : a);
        }
        if (a.length() != b.length()) {
            return false;
        }
        int first = -1;
        int diffs = 0;
        for (int i = 0; i < a.length(); i++) {
            if (a.charAt(i) != b.charAt(i)) {
                if (diffs == 0) {
                    first = i;
                }
                diffs++;
            }
        }
        if (diffs == 1) {
            return true;
        }
        return diffs == 2 && first + 1 < a.length() && a.charAt(first) == b.charAt(first + 1)
                && a.charAt(first + 1) == b.charAt(first);
    }

    /** {@code shorter} is {@code longer} with one character left out. */
    private static boolean oneDropped(String longer, String shorter) {
        int i = 0;
        while (i < shorter.length() && longer.charAt(i) == shorter.charAt(i)) {
            i++;
        }
        return longer.regionMatches(i + 1, shorter, i, shorter.length() - i);
    }

    private static Level phone(String a, String b) {
        if (a == null || b == null) {
            return Level.MISSING;
        }
        if (a.equals(b)) {
            return Level.AGREE;
        }
        return a.length() == b.length() && oneEdit(a, b) ? Level.PARTIAL : Level.DISAGREE;
    }

    private double identifiers(Map<String, String> a, Map<String, String> b) {
        double w = 0;
        for (var e : a.entrySet()) {
            var other = b.get(e.getKey());
            if (other != null) {
                w += other.equals(e.getValue()) ? config.identifier().agree() : config.identifier().disagree();
            }
        }
        return w;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    private static Set<String> fuzzy(List<String> forms) {
        var out = new LinkedHashSet<String>();
        forms.forEach(f -> out.add(NameNormalizer.fuzzy(f)));
        return out;
    }

    /** yyyyMMdd from an HL7 DT/TS (time and zone dropped); null when not a full date. */
    static String date(String ts) {
        if (ts == null) {
            return null;
        }
        var digits = ts.strip().replace("-", "");
        if (digits.length() < 8) {
            return null;
        }
        var d = digits.substring(0, 8);
        return d.chars().allMatch(Character::isDigit) ? d : null;
    }

    /** The last 11 digits (a mainland mobile number without +86 / 0086; landlines with area code). */
    static String phone(String p) {
        if (p == null) {
            return null;
        }
        var digits = new StringBuilder();
        p.chars().filter(Character::isDigit).forEach(c -> digits.append((char) c));
        if (digits.length() < 7) {
            return null;
        }
        return digits.length() > 11 ? digits.substring(digits.length() - 11) : digits.toString();
    }

    static String sex(String s) {
        if (s == null) {
            return null;
        }
        var v = s.strip().toUpperCase(Locale.ROOT);
        return v.equals("M") || v.equals("F") ? v : null;
    }
}
