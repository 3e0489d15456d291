package org.qiao.routes.config;

import org.qiao.translation.ResultChannel;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hospitals as people name them: the feeds name a hospital by its code (MSH-4, e.g. HOSP_A), documents by their
 * author institution. A code's name comes from qiao.statistics.hospitals, else from its translation channel's
 * facility-name; the console and statistics show names.
 */
@Configuration
public class HospitalNames {

    /** The names by code, as one bean (not a Map bean, which Spring would mix with other maps). */
    public record Names(Map<String, String> byCode) {
        public String of(String code) {
            return code == null ? "" : byCode.getOrDefault(code, code);
        }
    }

    @Bean
    Names hospitalNamesByCode(Map<String, ResultChannel> resultChannels, org.qiao.routes.statistics.StatisticsProperties statistics) {
        var names = new LinkedHashMap<String, String>();
        for (var channel : resultChannels.values()) {
            if (channel.facilityName() != null && !channel.facilityName().isBlank()) {
                names.putIfAbsent(channel.facility(), channel.facilityName());
            }
        }
        names.putAll(statistics.getHospitals());
        return new Names(Map.copyOf(names));
    }
}
