package org.qiao.bench;

import java.util.SplittableRandom;

/**
 * Synthetic residents: Chinese names, birth dates, national ids and addresses drawn from small lists, so the
 * data looks like a region's (multi-byte names, realistic lengths) without being anyone's.
 */
public final class Residents {

    private static final String[] FAMILY = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
            "马", "朱", "胡", "郭", "何", "高", "林", "罗", "欧阳", "司马"};
    private static final String[] GIVEN = {"伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇",
            "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞", "建国", "志强", "晓燕", "子涵", "浩然"};
    private static final String[] STREET = {"建设路", "人民南路", "春熙路", "天府大道", "蜀都大道", "红星路"};

    private Residents() {
    }

    /** One resident, deterministic for a seed (the same n always gives the same person). */
    public record Resident(String family, String given, String birthDate, String sex, String nationalId,
                           String street, String phone) {
    }

    public static Resident of(long n) {
        var r = new SplittableRandom(n * 0x9E3779B97F4A7C15L);
        var year = 1930 + r.nextInt(90);
        var birth = String.format("%04d%02d%02d", year, 1 + r.nextInt(12), 1 + r.nextInt(28));
        var sex = r.nextBoolean() ? "M" : "F";
        // 18 characters like a 居民身份证号, unique per n (so two residents are never linked by mistake)
        var nationalId = String.format("51%016d", Math.floorMod(n, 10_000_000_000_000_000L));
        return new Resident(FAMILY[r.nextInt(FAMILY.length)], GIVEN[r.nextInt(GIVEN.length)], birth, sex,
                nationalId, STREET[r.nextInt(STREET.length)] + (1 + r.nextInt(300)) + "号",
                "028-" + (80000000 + r.nextInt(9999999)));
    }
}
