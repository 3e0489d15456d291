package org.qiao.routes.statistics;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The health authority's statistics, under {@code qiao.statistics} (see config/application.yml). */
@ConfigurationProperties("qiao.statistics")
public class StatisticsProperties {

    /** How often the counts that arrived are folded into the daily table (StatisticsStore#rollUp). */
    private Duration rollUpInterval = Duration.ofSeconds(5);
    /** Hospital names by code (MSH-4), beyond those the translation channels give. */
    private Map<String, String> hospitals = new LinkedHashMap<>();
    /** Surveillance rules: a week and hospital above a rule's threshold is flagged. */
    private List<Rule> surveillance = new ArrayList<>();

    public Duration getRollUpInterval() { return rollUpInterval; }
    public void setRollUpInterval(Duration rollUpInterval) { this.rollUpInterval = rollUpInterval; }
    public Map<String, String> getHospitals() { return hospitals; }
    public void setHospitals(Map<String, String> hospitals) { this.hospitals = hospitals; }
    public List<Rule> getSurveillance() { return surveillance; }
    public void setSurveillance(List<Rule> surveillance) { this.surveillance = surveillance; }

    public static class Rule {
        /** What the rule watches for, as the page shows it (e.g. 流感样病例). */
        private String name;
        /** The measure counted (e.g. discharge-diagnoses, abnormal-lab-results). */
        private String measure = "discharge-diagnoses";
        /** The codes counted; J10* is a prefix. */
        private List<String> codes = new ArrayList<>();
        /** A week and hospital with more than this many is flagged. */
        private long thresholdPerWeek;

        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public String getMeasure() { return measure; }
        public void setMeasure(String measure) { this.measure = measure; }
        public List<String> getCodes() { return codes; }
        public void setCodes(List<String> codes) { this.codes = codes; }
        public long getThresholdPerWeek() { return thresholdPerWeek; }
        public void setThresholdPerWeek(long thresholdPerWeek) { this.thresholdPerWeek = thresholdPerWeek; }
    }
}
