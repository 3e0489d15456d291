package org.qiao.stats;

import java.util.List;

/**
 * A surveillance rule (疾病监测预警): a measure's count for some codes (ICD-10 or LOINC; {@code J10*} is a prefix)
 * in one ISO week at one hospital above which that week and hospital are flagged.
 */
public record SurveillanceRule(String name, Measure measure, List<String> codes, long thresholdPerWeek) {

    public SurveillanceRule {
        codes = List.copyOf(codes);
        if (thresholdPerWeek < 0) {
            throw new IllegalArgumentException("Surveillance rule " + name + ": a threshold cannot be negative");
        }
    }
}
