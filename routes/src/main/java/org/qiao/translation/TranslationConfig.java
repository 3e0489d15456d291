package org.qiao.translation;

import org.qiao.config.QiaoProperties;
import org.qiao.journal.IdempotentReceiver;
import org.qiao.outbox.Outbox;
import org.qiao.pix.IdentityDomains;
import org.qiao.pix.PixManager;
import org.qiao.registry.DocumentRegistry;
import org.qiao.repository.DocumentRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.LinkedHashMap;
import java.util.Map;

/** HL7 v2 results → CDA documents: the channels of {@code qiao.translation.*}, the door and the worker. */
@Configuration
public class TranslationConfig {

    @Bean
    Map<String, ResultChannel> resultChannels(QiaoProperties properties) {
        var channels = new LinkedHashMap<String, ResultChannel>();
        for (var c : properties.getTranslation().getChannels()) {
            var channel = new ResultChannel(c.getApplication(), c.getFacility(), c.getFacilityOid(), c.getFacilityName(),
                    c.getPatientDomain(), c.getFacilityTypeCode(), c.getPracticeSettingCode());
            channels.put(channel.key(), channel);
        }
        return channels;
    }

    @Bean
    InboundResults inboundResults(Map<String, ResultChannel> resultChannels, IdempotentReceiver receiver, Outbox outbox) {
        return new InboundResults(resultChannels, receiver, outbox);
    }

    @Bean
    LabResultTranslation labResultTranslation(Map<String, ResultChannel> resultChannels, PixManager pix,
                                              IdentityDomains domains, DocumentRepository repository,
                                              DocumentRegistry registry, QiaoProperties properties) {
        return new LabResultTranslation(resultChannels, pix, domains, repository, registry,
                properties.getTranslation().getDocumentOidRoot());
    }
}
