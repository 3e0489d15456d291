package org.qiao.routes.residents;

import org.qiao.pix.IdentityDomains;
import org.qiao.pix.PersonIndexStore;
import org.qiao.record.ResidentRecordService;
import org.qiao.record.ResidentSearchStore;
import org.qiao.record.VisitRecorder;
import org.qiao.record.VisitStore;
import org.qiao.registry.RegistryStore;
import org.qiao.routes.config.HospitalNames;
import org.qiao.stats.Tally;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** The resident's shared record: visits the feeds record, and the service the console reads it through. */
@Configuration
public class ResidentsConfig {

    @Bean
    VisitStore visitStore(NamedParameterJdbcTemplate jdbc) {
        return new VisitStore(jdbc);
    }

    @Bean
    VisitRecorder visitRecorder(VisitStore visits, Tally tally) {
        return new VisitRecorder(visits, tally);
    }

    @Bean
    ResidentRecordService residentRecordService(JdbcTemplate jdbc, PersonIndexStore index, VisitStore visits,
                                                NamedParameterJdbcTemplate named, IdentityDomains domains,
                                                HospitalNames.Names hospitals) {
        return new ResidentRecordService(new ResidentSearchStore(jdbc), index, visits, new RegistryStore(named),
                domains, hospitals.byCode());
    }
}
