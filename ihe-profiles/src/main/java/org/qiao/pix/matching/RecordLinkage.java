package org.qiao.pix.matching;

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
 *   <li>{@link #compare}: per field, find the agreement level (agree / partial / disagree; a field missing on
 *       either side weighs 0) and add its weight from the {@link LinkageConfig}; names are read straight and
 *       crossed (Western order) and the better reading counts;</li>
 *   <li>the total decides: ≥ upper AUTO_LINK, ≥ lower REVIEW, else SEPARATE.</li>
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

    public Decision decide(double weight) {
        if (weight >= config.upper()) {
            return Decision.AUTO_LINK;
        }
        return weight >= config.lower() ? Decision.REVIEW : Decision.SEPARATE;
    }

    /** The pair's total weight only (no breakdown): for bulk comparison. */
    public double weight(Prepared a, Prepared b) {
        return sum(a, b, null);
    }

    public Score compare(Prepared a, Prepared b) {
        var fields = new LinkedHashMap<String, Double>();
        double w = sum(a, b, fields);
        return new Score(w, decide(w), fields);
    }

    private double sum(Prepared a, Prepared b, Map<String, Double> fields) {
        double total = 0;
        total += put(fields, "name", names(a, b));
        total += put(fields, "birthDate", birthDate(a.birthDate(), b.birthDate()));
        total += put(fields, "sex", a.sex() == null || b.sex() == null ? 0
                : a.sex().equals(b.sex()) ? config.sex().agree() : config.sex().disagree());
        total += put(fields, "phone", phone(a.phone(), b.phone()));
        total += put(fields, "address", address(a, b));
        total += put(fields, "identifiers", identifiers(a.identifiers(), b.identifiers()));
        return total;
    }

    /** Postal code agrees: agree; else the same city: partial; else disagree (one field: they are not independent). */
    private double address(Prepared a, Prepared b) {
        if (a.postalCode() != null && b.postalCode() != null) {
            if (a.postalCode().equals(b.postalCode())) {
                return config.address().agree();
            }
        }
        if (a.city() != null && b.city() != null) {
            return a.city().equals(b.city()) ? config.address().partial() : config.address().disagree();
        }
        if (a.postalCode() != null && b.postalCode() != null) {
            return config.address().disagree();
        }
        return 0;
    }

    private static double put(Map<String, Double> fields, String name, double weight) {
        if (fields != null) {
            fields.put(name, weight);
        }
        return weight;
    }

    /** The best-agreeing pair of the two records' names (each the first name or one of its other names). */
    private double names(Prepared a, Prepared b) {
        double best = name(a, b);
        for (var x : a.otherNames()) {
            best = Math.max(best, name(x, b));
            for (var y : b.otherNames()) {
                best = Math.max(best, name(x, y));
            }
        }
        for (var y : b.otherNames()) {
            best = Math.max(best, name(a, y));
        }
        return best;
    }

    private double name(Prepared a, Prepared b) {
        if ((a.family().isEmpty() && a.given().isEmpty()) || (b.family().isEmpty() && b.given().isEmpty())) {
            return 0;
        }
        double straight = part(a.family(), a.familyFuzzy(), b.family(), b.familyFuzzy(), true)
                + part(a.given(), a.givenFuzzy(), b.given(), b.givenFuzzy(), false);
        double best = straight;
        // Western order (given name in the family field) happens in Latin script only: hanzi names are
        // always written family first, and 夏莉 / 李霞 are two persons
        if (!(a.hanziName() && b.hanziName())) {
            double crossed = part(a.family(), a.familyFuzzy(), b.given(), b.givenFuzzy(), true)
                    + part(a.given(), a.givenFuzzy(), b.family(), b.familyFuzzy(), false)
                    - config.nameSwapPenalty();
            best = Math.max(straight, crossed);
        }
        // a whole name written as one word ("Wangxiaoming") against a split one
        if (best < config.familyName().agree() + config.givenName().agree()
                && !a.family().isEmpty() && !b.family().isEmpty()
                && (a.given().isEmpty() || b.given().isEmpty())
                && whole(a).stream().anyMatch(whole(b)::contains)) {
            best = config.familyName().agree() + config.givenName().agree();
        }
        return best;
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

    /**
     * One name part: agree when a form is shared (weighed by how common that name is), partial on fuzzy
     * pinyin or Jaro–Winkler, else disagree.
     */
    private double part(List<String> a, Set<String> aFuzzy, List<String> b, Set<String> bFuzzy, boolean family) {
        if (a.isEmpty() || b.isEmpty()) {
            return 0;
        }
        var field = family ? config.familyName() : config.givenName();
        for (var x : a) {
            if (b.contains(x)) {
                double share = family ? frequencies.familyShare(x) : frequencies.givenShare(x);
                return share > field.uAgree() ? log2(field.mAgree() / share) : field.agree();
            }
        }
        for (var x : aFuzzy) {
            if (bFuzzy.contains(x)) {
                return field.partial();
            }
        }
        for (var x : a) {
            for (var y : b) {
                if (JaroWinkler.similarity(x, y) >= config.nameSimilarity()) {
                    return field.partial();
                }
            }
        }
        return field.disagree();
    }

    private double birthDate(String a, String b) {
        if (a == null || b == null) {
            return 0;
        }
        if (a.equals(b)) {
            return config.birthDate().agree();
        }
        return dateVariant(a, b) ? config.birthDate().partial() : config.birthDate().disagree();
    }

    /** Day and month swapped, two adjacent digits transposed, or one digit different. */
    static boolean dateVariant(String a, String b) {
        if (a.substring(0, 4).equals(b.substring(0, 4))
                && a.substring(4, 6).equals(b.substring(6, 8)) && a.substring(6, 8).equals(b.substring(4, 6))) {
            return true;
        }
        return oneEdit(a, b);
    }

    /** Same length, and either exactly one position differs or two adjacent positions are swapped. */
    static boolean oneEdit(String a, String b) {
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

    private double phone(String a, String b) {
        if (a == null || b == null) {
            return 0;
        }
        if (a.equals(b)) {
            return config.phone().agree();
        }
        return oneEdit(a, b) ? config.phone().partial() : config.phone().disagree();
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
