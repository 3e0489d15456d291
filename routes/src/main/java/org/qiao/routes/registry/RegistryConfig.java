package org.qiao.routes.registry;

import org.qiao.registry.AffinityDomainCodes;
import org.qiao.registry.DocumentRegistryService;
import org.qiao.registry.PatientIdentityCheck;
import org.qiao.registry.RegistryStore;

import org.qiao.routes.config.QiaoProperties;

import java.nio.file.Files;
import java.nio.file.Path;
import org.qiao.pix.Identifier;
import org.qiao.pix.IdentityDomains;
import org.qiao.pix.PersonIndexStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The XDS.b Document Registry's services. */
@Configuration
public class RegistryConfig {

    /** The registry accepts only affinity-domain patient ids that the PIX Manager knows. */
    @Bean
    PatientIdentityCheck patientIdentityCheck(PersonIndexStore patients, IdentityDomains domains) {
        return patientId -> {
            var affinity = domains.affinityDomain();
            var authority = patientId.getAssigningAuthority();
            return authority != null && affinity.oid().equals(authority.getUniversalId())
                    && patients.activePersonOf(new Identifier(patientId.getId(), affinity.code())).isPresent();
        };
    }

    @Bean
    DocumentRegistryService documentRegistry(NamedParameterJdbcTemplate jdbc, PatientIdentityCheck patients,
                                             TransactionTemplate tx, QiaoProperties properties,
                                             org.qiao.stats.Tally tally) throws Exception {
        var codesFile = properties.getRegistry().getCodesFile();
        AffinityDomainCodes codes = null;
        if (properties.getRegistry().isValidateCodes() && codesFile != null && !codesFile.isBlank()) {
            var path = Path.of(codesFile).toAbsolutePath();
            if (!Files.isReadable(path)) {
                throw new IllegalStateException("qiao.registry.codes-file " + path + " cannot be read (relative paths"
                        + " start in the working directory); set it, or qiao.registry.validate-codes=false");
            }
            try (var in = Files.newInputStream(path)) {
                codes = new AffinityDomainCodes(in);
            }
        }
        return new DocumentRegistryService(new RegistryStore(jdbc), patients, codes, tx,
                properties.getRegistry().getMaxLeafClassResults(), properties.getRegistry().getHomeCommunityId(), tally);
    }
}
