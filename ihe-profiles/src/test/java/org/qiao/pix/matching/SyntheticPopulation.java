package org.qiao.pix.matching;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A synthetic regional population with known truth, for measuring record linkage: persons with Chinese
 * names drawn by real surname frequencies (so many residents share names such as 王伟), a few Western
 * names, birth dates, sex, mobile phones and addresses; a share of persons registered a second (or third)
 * time with the corruptions registration desks produce. Seeded, so every run sees the same population.
 *
 * <p>Residents live in households, as in a Chinese city: alone, as a couple (the wife keeps her own
 * surname), with one child, two siblings a few years apart, or twins (same birth date; same or other sex),
 * or a single parent with a child. A household shares its address and often one phone (a parent's mobile
 * given for the children, the family landline); children take the father's surname, siblings often share a
 * generation character (嘉欣 / 嘉怡) and some children one character of a parent's given name (建国 / 建华).
 * These are the records that look alike without being one person.
 */
final class SyntheticPopulation {

    /** How two residents are related: strangers, or members of one household. */
    enum Relation { STRANGERS, SPOUSES, PARENT_CHILD, SIBLINGS, TWINS_SAME_SEX, TWINS_OTHER_SEX }

    /** Whom a resident lives with: the closest relation in the household (twins closest, spouses least). */
    enum Household { ALONE, SPOUSES, PARENT_CHILD, SIBLINGS, TWINS_SAME_SEX, TWINS_OTHER_SEX }

    /** What was done to a duplicate record. */
    enum Corruption {
        PINYIN, WESTERN_ORDER, WHOLE_NAME_ONE_FIELD, HOMOPHONE, PINYIN_TYPO, ACCENT_VARIANT, HANZI_TYPO,
        SWAPPED_DAY_MONTH, DATE_DIGIT, PHONE_MISSING, PHONE_TYPO, MOVED, SEX_MISSING
    }

    /** One generated record: the person it belongs to (the truth) and what was done to it. */
    record Entry(int person, LinkageRecord record, Set<Corruption> corruptions) {
    }

    // surname, per mille of the population (rounded national frequencies)
    private static final Object[][] SURNAMES = {
            {"王", 71}, {"李", 70}, {"张", 67}, {"刘", 54}, {"陈", 45}, {"杨", 31}, {"黄", 22}, {"赵", 20},
            {"吴", 19}, {"周", 18}, {"徐", 15}, {"孙", 14}, {"马", 13}, {"朱", 12}, {"胡", 11}, {"郭", 11},
            {"何", 10}, {"林", 10}, {"高", 10}, {"罗", 9}, {"郑", 9}, {"梁", 8}, {"谢", 7}, {"宋", 6}, {"唐", 6},
            {"许", 6}, {"韩", 5}, {"冯", 5}, {"邓", 5}, {"曹", 5}, {"彭", 5}, {"曾", 5}, {"肖", 4}, {"田", 4},
            {"董", 4}, {"袁", 4}, {"潘", 3}, {"于", 3}, {"蒋", 3}, {"蔡", 3}, {"余", 3}, {"杜", 3}, {"叶", 3},
            {"程", 3}, {"苏", 3}, {"魏", 3}, {"吕", 3}, {"丁", 3}, {"任", 3}, {"沈", 3}, {"姚", 2}, {"卢", 2},
            {"姜", 2}, {"崔", 2}, {"钟", 2}, {"谭", 2}, {"陆", 2}, {"汪", 2}, {"范", 2}, {"金", 2}, {"石", 2},
            {"廖", 2}, {"贾", 2}, {"夏", 2}, {"韦", 2}, {"付", 2}, {"方", 2}, {"白", 2}, {"邹", 2}, {"孟", 2},
            {"熊", 2}, {"秦", 2}, {"邱", 2}, {"江", 2}, {"尹", 2}, {"薛", 2}, {"闫", 2}, {"段", 2}, {"雷", 2},
            {"侯", 2}, {"龙", 2}, {"史", 2}, {"陶", 1}, {"黎", 1}, {"贺", 1}, {"顾", 1}, {"毛", 1}, {"郝", 1},
            {"龚", 1}, {"邵", 1}, {"万", 1}, {"钱", 1}, {"严", 1}, {"武", 1}, {"戴", 1}, {"莫", 1}, {"孔", 1},
            {"单", 1}, {"欧阳", 1}, {"司马", 1}};

    // given-name characters; each group shares one toneless reading (the homophones clerks confuse)
    private static final String[] MALE_GROUPS = {"伟玮炜", "军君均", "明鸣铭", "杰捷", "涛韬滔", "磊", "强",
            "勇永泳", "刚钢", "斌彬宾", "辉晖", "鹏朋", "宏鸿洪", "建剑健", "峰锋丰", "波博", "志智", "海", "东冬",
            "平", "华桦", "国", "龙隆", "文", "成诚", "新鑫", "亮", "浩昊", "宇雨", "俊骏", "飞", "凯", "超",
            "建", "小", "子", "晨辰", "天", "瑞", "嘉佳"};
    private static final String[] FEMALE_GROUPS = {"丽莉俐", "静婧靖", "敏闵", "芳方", "娜纳", "艳燕雁", "霞",
            "平萍苹", "玲铃", "琳霖", "红虹", "梅玫", "文雯", "云芸", "兰岚", "晶菁", "秀", "英瑛", "慧惠",
            "洁婕", "婷亭", "雪", "倩", "颖", "佳嘉", "欣馨", "怡", "悦月", "琪琦", "美", "小", "晓", "思",
            "雅", "梦", "子", "丹", "露璐", "洋阳", "宁"};
    private static final String[] WESTERN_FAMILY = {"Smith", "Johnson", "Miller", "Brown", "Müller", "Schmidt",
            "Martin", "Bernard", "Garcia", "Rossi", "Ivanov", "Kim", "Nguyen", "Tanaka"};
    private static final String[] WESTERN_GIVEN_M = {"John", "Michael", "David", "Peter", "Thomas", "Alexander",
            "Paul", "James", "Daniel", "Stefan"};
    private static final String[] WESTERN_GIVEN_F = {"Anna", "Maria", "Sarah", "Laura", "Julia", "Emma", "Sophie",
            "Elena", "Linda", "Claire"};
    // city, postal code prefix (4 digits; districts add 2)
    private static final String[][] CITIES = {{"杭州", "3100"}, {"宁波", "3150"}, {"温州", "3250"},
            {"绍兴", "3120"}, {"嘉兴", "3140"}, {"湖州", "3130"}, {"金华", "3210"}, {"台州", "3180"},
            {"上海", "2000"}, {"苏州", "2150"}};
    private static final String KEYBOARD = "qwertyuiopasdfghjklzxcvbnm";

    private final Random random;
    private final int surnameTotal;
    private final Map<Character, String> homophones = new HashMap<>();

    SyntheticPopulation(long seed) {
        this.random = new Random(seed);
        int total = 0;
        for (var s : SURNAMES) {
            total += (Integer) s[1];
        }
        this.surnameTotal = total;
        for (var groups : List.of(MALE_GROUPS, FEMALE_GROUPS)) {
            for (var g : groups) {
                for (char c : g.toCharArray()) {
                    homophones.put(c, g);
                }
            }
        }
    }

    /** Base person before any corruption: hanzi (or Western) name, never a duplicate. */
    private record Person(String family, String given, LocalDate birth, String sex, String phone, int city,
                          String postal, boolean western) {

        Person withPhone(String newPhone) {
            return new Person(family, given, birth, sex, newPhone, city, postal, western);
        }
    }

    /** A resident's place in its household: parents and children; a person living alone is a parent of none. */
    private enum Role { ADULT, CHILD }

    private record Resident(int household, Role role, LocalDate birth, String sex) {
    }

    // the household compositions and their shares (cumulative): one person, a couple, a couple with one
    // child, with two siblings, with twins, a single parent with one child; twins are oversampled (one household
    // with children in nine, several times the real rate) so that their false links can be counted at 10 000 persons
    private static final double ALONE_SHARE = 0.22;
    private static final double COUPLE_SHARE = 0.40;
    private static final double ONE_CHILD_SHARE = 0.70;
    private static final double SIBLINGS_SHARE = 0.85;
    private static final double TWINS_SHARE = 0.92;

    private static final LocalDate YOUNGEST_ADULT = LocalDate.of(2006, 1, 1);
    private static final LocalDate LATEST_BIRTH = LocalDate.of(2023, 12, 31);

    private final List<Resident> residents = new ArrayList<>();

    /**
     * {@code persons} persons; {@code duplicateShare} of them registered again (a tenth of those three
     * times), each copy with 0–3 corruptions.
     */
    List<Entry> generate(int persons, double duplicateShare) {
        residents.clear();
        var entries = new ArrayList<Entry>();
        int household = 0;
        while (residents.size() < persons) {
            var members = household();
            for (var member : members.subList(0, Math.min(members.size(), persons - residents.size()))) {
                int p = residents.size();
                residents.add(new Resident(household, member.role(), member.person().birth(), member.person().sex()));
                var person = member.person();
                entries.add(new Entry(p, asRecord(person), EnumSet.noneOf(Corruption.class)));
                if (random.nextDouble() < duplicateShare) {
                    int copies = random.nextDouble() < 0.1 ? 2 : 1;
                    for (int c = 0; c < copies; c++) {
                        entries.add(duplicate(p, person));
                    }
                }
            }
            household++;
        }
        return entries;
    }

    /** How residents {@code a} and {@code b} of the last generated population are related. */
    Relation relation(int a, int b) {
        var x = residents.get(a);
        var y = residents.get(b);
        if (a == b || x.household() != y.household()) {
            return Relation.STRANGERS;
        }
        if (x.role() != y.role()) {
            return Relation.PARENT_CHILD;
        }
        if (x.role() == Role.ADULT) {
            return Relation.SPOUSES;
        }
        if (x.birth().equals(y.birth())) {
            return x.sex().equals(y.sex()) ? Relation.TWINS_SAME_SEX : Relation.TWINS_OTHER_SEX;
        }
        return Relation.SIBLINGS;
    }

    /** Whom resident {@code p} of the last generated population lives with (its closest relation there). */
    Household household(int p) {
        var closest = Relation.STRANGERS;
        int household = residents.get(p).household();
        for (int q = Math.max(0, p - 4); q < Math.min(residents.size(), p + 5); q++) {
            if (q != p && residents.get(q).household() == household) {
                var r = relation(p, q);
                if (r.ordinal() > closest.ordinal()) {
                    closest = r;
                }
            }
        }
        return closest == Relation.STRANGERS ? Household.ALONE : Household.valueOf(closest.name());
    }

    private record Member(Role role, Person person) {
    }

    /** One household's members, adults first; they share the address and often a phone. */
    private List<Member> household() {
        boolean western = random.nextDouble() < 0.03;
        int city = random.nextInt(CITIES.length);
        var postal = CITIES[city][1] + String.format("%02d", random.nextInt(20));
        double kind = random.nextDouble();
        if (kind < ALONE_SHARE) {
            var birth = LocalDate.of(1940, 1, 1).plusDays(random.nextInt(66 * 365));
            boolean male = random.nextBoolean();
            var phone = random.nextDouble() < 0.75 ? mobile() : null;
            return List.of(new Member(Role.ADULT, new Person(western ? pick(WESTERN_FAMILY) : surname(),
                    given(male, western), birth, male ? "M" : "F", phone, city, postal, western)));
        }
        // the first child's birth date fixes the parents' (mother 22–36 years older, father 0–6 years older)
        var firstChild = LocalDate.of(1962, 1, 1).plusDays(random.nextInt(61 * 365));
        var mother = firstChild.minusDays((22 + random.nextInt(15)) * 365L + random.nextInt(365));
        var father = mother.minusDays(random.nextInt(6 * 365) - 365L);
        if (kind < COUPLE_SHARE) {
            // a couple without children at home: any age
            mother = LocalDate.of(1940, 1, 1).plusDays(random.nextInt(62 * 365));
            father = mother.minusDays(random.nextInt(6 * 365) - 365L);
        }
        var landline = random.nextDouble() < 0.3 ? landline(city) : null;
        var husbandMobile = random.nextDouble() < 0.8 ? mobile() : null;
        var wifeMobile = random.nextDouble() < 0.8 ? mobile() : null;
        var husbandFamily = western ? pick(WESTERN_FAMILY) : surname();
        var husband = new Person(husbandFamily, given(true, western), father, "M",
                adultPhone(husbandMobile, wifeMobile, landline), city, postal, western);
        var wife = new Person(western ? pick(WESTERN_FAMILY) : surname(), given(false, western), mother, "F",
                adultPhone(wifeMobile, husbandMobile, landline), city, postal, western);
        var members = new ArrayList<Member>();
        boolean singleParent = kind >= TWINS_SHARE;
        if (singleParent) {
            members.add(new Member(Role.ADULT, random.nextBoolean() ? husband : wife));
        } else {
            members.add(new Member(Role.ADULT, husband));
            members.add(new Member(Role.ADULT, wife));
        }
        if (kind < COUPLE_SHARE) {
            return members;
        }
        var parents = members.stream().map(Member::person).toList();
        var family = random.nextDouble() < 0.95 || singleParent ? parents.get(0).family() : wife.family();
        var first = child(family, firstChild, parents, null, husbandMobile, wifeMobile, landline, city, postal,
                western);
        members.add(new Member(Role.CHILD, first));
        if (kind >= ONE_CHILD_SHARE && kind < TWINS_SHARE) {
            boolean twins = kind >= SIBLINGS_SHARE;
            var birth = twins ? firstChild : firstChild.plusDays((1 + random.nextInt(6)) * 365L + random.nextInt(365));
            if (birth.isAfter(LATEST_BIRTH)) {
                birth = firstChild.minusDays((1 + random.nextInt(6)) * 365L + random.nextInt(365));
            }
            var second = child(family, birth, parents, first, husbandMobile, wifeMobile, landline, city, postal,
                    western);
            // a twin is mostly registered with the same phone as the other twin
            if (twins && first.phone() != null && random.nextDouble() < 0.8) {
                second = second.withPhone(first.phone());
            }
            members.add(new Member(Role.CHILD, second));
        }
        return members;
    }

    /**
     * A child: the family's surname; a given name that may share a character with a sibling's (a generation
     * name) or with the parent of the same sex; a minor gives a parent's mobile or the landline.
     */
    private Person child(String family, LocalDate birth, List<Person> parents, Person sibling, String fatherMobile,
                         String motherMobile, String landline, int city, String postal, boolean western) {
        boolean male = random.nextBoolean();
        String given;
        do {
            given = given(male, western);
            if (!western && sibling != null && random.nextDouble() < 0.5) {
                // the generation character first, as 嘉欣 / 嘉怡
                given = sibling.given().charAt(0) + givenChar(male ? MALE_GROUPS : FEMALE_GROUPS);
            } else if (!western && random.nextDouble() < 0.2) {
                var parent = parents.stream().filter(p -> p.sex().equals(male ? "M" : "F")).findFirst()
                        .orElse(parents.get(0));
                given = parent.given().charAt(0) + givenChar(male ? MALE_GROUPS : FEMALE_GROUPS);
            }
        } while (taken(given, sibling, parents));
        String phone;
        if (birth.isAfter(YOUNGEST_ADULT)) {
            var parentMobile = motherMobile != null && random.nextBoolean() ? motherMobile
                    : fatherMobile != null ? fatherMobile : motherMobile;
            phone = parentMobile != null && random.nextDouble() < 0.7 ? parentMobile : landline;
        } else {
            double r = random.nextDouble();
            phone = r < 0.75 ? mobile() : r < 0.95 && fatherMobile != null ? fatherMobile : landline;
        }
        return new Person(family, given, birth, male ? "M" : "F", phone, city, postal, western);
    }

    /** An adult's phone: the own mobile, sometimes the spouse's or the family landline. */
    private String adultPhone(String own, String spouse, String landline) {
        double r = random.nextDouble();
        if (own != null && r < 0.75) {
            return own;
        }
        if (spouse != null && r < 0.85) {
            return spouse;
        }
        return landline != null ? landline : own;
    }

    private String given(boolean male, boolean western) {
        if (western) {
            return pick(male ? WESTERN_GIVEN_M : WESTERN_GIVEN_F);
        }
        var groups = male ? MALE_GROUPS : FEMALE_GROUPS;
        return givenChar(groups) + (random.nextDouble() < 0.7 ? givenChar(groups) : "");
    }

    /** Parents never give a child the name of a sibling or of a parent (nor a homophone of it). */
    private static boolean taken(String given, Person sibling, List<Person> parents) {
        return (sibling != null && samePinyin(given, sibling.given()))
                || parents.stream().anyMatch(p -> samePinyin(given, p.given()));
    }

    private static boolean samePinyin(String a, String b) {
        return NameNormalizer.forms(a, false).stream().anyMatch(NameNormalizer.forms(b, false)::contains);
    }

    private Entry duplicate(int p, Person person) {
        var done = EnumSet.noneOf(Corruption.class);
        String family = person.family();
        String given = person.given();
        var birth = person.birth().format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
        String sex = person.sex();
        String phone = person.phone();
        int city = person.city();
        String postal = person.postal();
        double r = random.nextDouble();
        int count = r < 0.10 ? 0 : r < 0.50 ? 1 : r < 0.85 ? 2 : 3;
        boolean pinyin = person.western();
        for (int i = 0; i < count; i++) {
            var c = Corruption.values()[random.nextInt(Corruption.values().length)];
            switch (c) {
                case PINYIN, WESTERN_ORDER -> {
                    if (!pinyin) {
                        var parts = NameNormalizer.split(family, given);
                        family = pinyinCase(NameNormalizer.forms(parts.family(), true).get(0));
                        given = pinyinCase(NameNormalizer.forms(parts.given(), false).get(0));
                        done.remove(Corruption.WHOLE_NAME_ONE_FIELD);
                        pinyin = true;
                        done.add(Corruption.PINYIN);
                    }
                    if (c == Corruption.WESTERN_ORDER) {
                        var t = family;
                        family = given;
                        given = t;
                        done.add(c);
                    }
                }
                case WHOLE_NAME_ONE_FIELD -> {
                    // drawn twice, the name is in one field already (and "null" must not be appended)
                    if (!pinyin && !done.contains(Corruption.WESTERN_ORDER) && given != null) {
                        family = family + given;
                        given = null;
                        done.add(c);
                    }
                }
                case HOMOPHONE -> {
                    if (!pinyin && given != null) {
                        int at = random.nextInt(given.length());
                        var group = homophones.get(given.charAt(at));
                        if (group != null && group.length() > 1) {
                            char other = group.charAt(random.nextInt(group.length()));
                            given = given.substring(0, at) + other + given.substring(at + 1);
                            done.add(c);
                        }
                    }
                }
                case PINYIN_TYPO -> {
                    if (pinyin && given != null && given.length() > 2) {
                        given = typo(given);
                        done.add(c);
                    }
                }
                case ACCENT_VARIANT -> {
                    if (pinyin && !person.western()) {
                        var f = accent(family);
                        var g = given == null ? null : accent(given);
                        if (!f.equals(family) || (g != null && !g.equals(given))) {
                            family = f;
                            given = g;
                            done.add(c);
                        }
                    }
                }
                case HANZI_TYPO -> {
                    if (!pinyin && given != null && given.length() >= 2) {
                        var groups = "M".equals(person.sex()) ? MALE_GROUPS : FEMALE_GROUPS;
                        given = given.charAt(0) + givenChar(groups);
                        done.add(c);
                    }
                }
                case SWAPPED_DAY_MONTH -> {
                    var mm = birth.substring(4, 6);
                    var dd = birth.substring(6, 8);
                    if (Integer.parseInt(dd) <= 12 && !mm.equals(dd)) {
                        birth = birth.substring(0, 4) + dd + mm;
                        done.add(c);
                    }
                }
                case DATE_DIGIT -> {
                    int at = 2 + random.nextInt(6);
                    char d = (char) ('0' + (birth.charAt(at) - '0' + 1 + random.nextInt(9)) % 10);
                    birth = birth.substring(0, at) + d + birth.substring(at + 1);
                    done.add(c);
                }
                case PHONE_MISSING -> {
                    if (phone != null) {
                        phone = null;
                        done.add(c);
                    }
                }
                case PHONE_TYPO -> {
                    if (phone != null) {
                        int at = 3 + random.nextInt(8);
                        char d = (char) ('0' + (phone.charAt(at) - '0' + 1 + random.nextInt(9)) % 10);
                        phone = phone.substring(0, at) + d + phone.substring(at + 1);
                        done.add(c);
                    }
                }
                case MOVED -> {
                    city = (city + 1 + random.nextInt(CITIES.length - 1)) % CITIES.length;
                    postal = CITIES[city][1] + String.format("%02d", random.nextInt(20));
                    if (random.nextBoolean()) {
                        phone = mobile();
                    }
                    done.add(c);
                }
                case SEX_MISSING -> {
                    sex = null;
                    done.add(c);
                }
            }
        }
        var cityName = pinyin && random.nextBoolean()
                ? pinyinCase(NameNormalizer.forms(CITIES[city][0], false).get(0)) : CITIES[city][0];
        return new Entry(p, new LinkageRecord(family, given, birth, sex, phone, cityName, postal, Map.of()), done);
    }

    private LinkageRecord asRecord(Person p) {
        return new LinkageRecord(p.family(), p.given(),
                p.birth().format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE), p.sex(), p.phone(),
                CITIES[p.city()][0], p.postal(), Map.of());
    }

    private String surname() {
        int x = random.nextInt(surnameTotal);
        for (var s : SURNAMES) {
            x -= (Integer) s[1];
            if (x < 0) {
                return (String) s[0];
            }
        }
        throw new IllegalStateException();
    }

    /** A given-name character, popular groups far more often (Zipf-like), any character of the group. */
    private String givenChar(String[] groups) {
        int g = (int) Math.min(groups.length - 1, Math.floor(groups.length * Math.pow(random.nextDouble(), 1.5)));
        var group = groups[g];
        return String.valueOf(group.charAt(random.nextInt(group.length())));
    }

    /** A landline with the city's area code: 0 + three digits + eight digits. */
    private String landline(int city) {
        var sb = new StringBuilder("0").append(CITIES[city][1], 0, 3).append((char) ('2' + random.nextInt(7)));
        for (int i = 0; i < 7; i++) {
            sb.append((char) ('0' + random.nextInt(10)));
        }
        return sb.toString();
    }

    private String mobile() {
        var sb = new StringBuilder("1").append((char) ('3' + random.nextInt(7)));
        for (int i = 0; i < 9; i++) {
            sb.append((char) ('0' + random.nextInt(10)));
        }
        return sb.toString();
    }

    private String pinyinCase(String s) {
        return switch (random.nextInt(3)) {
            case 0 -> s.toUpperCase(Locale.ROOT);
            case 1 -> Character.toUpperCase(s.charAt(0)) + s.substring(1);
            default -> s;
        };
    }

    /** One keyboard slip: a neighbour key, a dropped letter or two letters swapped. */
    private String typo(String s) {
        int at = 1 + random.nextInt(s.length() - 1);
        return switch (random.nextInt(3)) {
            case 0 -> {
                int k = KEYBOARD.indexOf(Character.toLowerCase(s.charAt(at)));
                char n = k < 0 ? 'a' : KEYBOARD.charAt(Math.max(0, Math.min(KEYBOARD.length() - 1,
                        k + (random.nextBoolean() ? 1 : -1))));
                yield s.substring(0, at) + n + s.substring(at + 1);
            }
            case 1 -> s.substring(0, at) + s.substring(at + 1);
            default -> at + 1 < s.length()
                    ? s.substring(0, at) + s.charAt(at + 1) + s.charAt(at) + s.substring(at + 2)
                    : s.substring(0, at);
        };
    }

    /**
     * A southern-accent spelling: zh/ch/sh lose the h, -ng becomes -n, or an initial l and n are confused
     * (liu / niu; the n of a final -ng is no initial: yang never becomes yalg).
     */
    private String accent(String s) {
        var lower = s.toLowerCase(Locale.ROOT);
        String out = switch (random.nextInt(3)) {
            case 0 -> lower.replaceFirst("([zcs])h", "$1");
            case 1 -> lower.replaceFirst("ng", "n");
            default -> lower.startsWith("l") ? "n" + lower.substring(1)
                    : lower.startsWith("n") ? "l" + lower.substring(1) : lower;
        };
        return out.equals(lower) ? s : out;
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }
}
