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
 */
final class SyntheticPopulation {

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
    }

    /**
     * {@code persons} persons; {@code duplicateShare} of them registered again (a tenth of those three
     * times), each copy with 0–3 corruptions.
     */
    List<Entry> generate(int persons, double duplicateShare) {
        var entries = new ArrayList<Entry>();
        for (int p = 0; p < persons; p++) {
            var person = person();
            entries.add(new Entry(p, asRecord(person), EnumSet.noneOf(Corruption.class)));
            if (random.nextDouble() < duplicateShare) {
                int copies = random.nextDouble() < 0.1 ? 2 : 1;
                for (int c = 0; c < copies; c++) {
                    entries.add(duplicate(p, person));
                }
            }
        }
        return entries;
    }

    private Person person() {
        boolean western = random.nextDouble() < 0.03;
        boolean male = random.nextBoolean();
        String family;
        String given;
        if (western) {
            family = pick(WESTERN_FAMILY);
            given = pick(male ? WESTERN_GIVEN_M : WESTERN_GIVEN_F);
        } else {
            family = surname();
            var groups = male ? MALE_GROUPS : FEMALE_GROUPS;
            given = givenChar(groups) + (random.nextDouble() < 0.7 ? givenChar(groups) : "");
        }
        var birth = LocalDate.of(1940, 1, 1).plusDays(random.nextInt(81 * 365));
        var phone = random.nextDouble() < 0.75 ? mobile() : null;
        int city = random.nextInt(CITIES.length);
        var postal = CITIES[city][1] + String.format("%02d", random.nextInt(20));
        return new Person(family, given, birth, male ? "M" : "F", phone, city, postal, western);
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
                    if (!pinyin && !done.contains(Corruption.WESTERN_ORDER)) {
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

    /** A southern-accent spelling: zh/ch/sh lose the h, -ng becomes -n, or l and n are confused. */
    private String accent(String s) {
        var lower = s.toLowerCase(Locale.ROOT);
        String out = switch (random.nextInt(3)) {
            case 0 -> lower.replaceFirst("([zcs])h", "$1");
            case 1 -> lower.replaceFirst("ng", "n");
            default -> lower.indexOf('l') >= 0 ? lower.replaceFirst("l", "n") : lower.replaceFirst("n", "l");
        };
        return out.equals(lower) ? s : out;
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }
}
