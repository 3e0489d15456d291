package org.qiao.routes.translation;

import org.qiao.translation.CdaHeader;
import org.qiao.translation.CdaSchema;
import org.qiao.translation.InboundResults;
import org.qiao.translation.LabResultTranslation;
import org.qiao.translation.ResultChannel;

import org.qiao.routes.config.QiaoProperties;
import org.qiao.journal.IdempotentReceiver;
import org.qiao.outbox.Outbox;
import org.qiao.pix.IdentityDomains;
import org.qiao.pix.PixManager;
import org.qiao.registry.DocumentRegistry;
import org.qiao.repository.DocumentRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** HL7 v2 results → CDA documents: the channels of {@code qiao.translation.*}, the door and the worker. */
@Configuration
public class TranslationConfig {

    /**
     * The channels, checked at start: known translation names, and the repository. The engine provides documents
     * in-process to its one repository, so a channel naming another repository id is a configuration mistake
     * the engine refuses to start with (a remote ITI-41 would be a different feature).
     */
    @Bean
    Map<String, ResultChannel> resultChannels(QiaoProperties properties) {
        var channels = new LinkedHashMap<String, ResultChannel>();
        var own = properties.getRepository().getUniqueId();
        var list = properties.getTranslation().getChannels();
        for (int i = 0; i < list.size(); i++) {
            var c = list.get(i);
            var name = "qiao.translation.channels[" + i + "] (" + c.getApplication() + "^" + c.getFacility() + ")";
            if (c.getRepository() != null && !c.getRepository().isBlank() && !c.getRepository().equals(own)) {
                throw new IllegalStateException(name + " names repository " + c.getRepository() + ", but this engine is "
                        + "repository " + own + " (qiao.repository.unique-id) and provides documents only to itself: "
                        + "remove the channel's repository or set it to " + own);
            }
            var kinds = EnumSet.noneOf(ResultChannel.Kind.class);
            for (var t : c.getTranslations()) {
                try {
                    kinds.add(ResultChannel.Kind.of(t));
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException(name + ": " + e.getMessage());
                }
            }
            var channel = new ResultChannel(c.getApplication(), c.getFacility(), c.getFacilityOid(), c.getFacilityName(),
                    c.getPatientDomain(), c.getFacilityTypeCode(), c.getPracticeSettingCode(), Set.copyOf(kinds), own);
            channels.put(channel.key(), channel);
        }
        return channels;
    }

    /** The header profile of {@code qiao.translation.cda-header}: ihe, or one of {@code header-profiles}. */
    @Bean
    CdaHeader cdaHeader(QiaoProperties properties) {
        var t = properties.getTranslation();
        if ("ihe".equals(t.getCdaHeader())) {
            return CdaHeader.ihe();
        }
        var p = t.getHeaderProfiles().get(t.getCdaHeader());
        if (p == null) {
            throw new IllegalStateException("qiao.translation.cda-header is " + t.getCdaHeader() + ", but no such profile "
                    + "is under qiao.translation.header-profiles (known: ihe, " + t.getHeaderProfiles().keySet() + ")");
        }
        var documents = new LinkedHashMap<String, CdaHeader.DocumentCode>();
        p.getDocuments().forEach((name, d) -> documents.put(name, new CdaHeader.DocumentCode(d.getTemplateId(), d.getCode(),
                d.getCodeSystem(), d.getCodeSystemName(), d.getDisplayName())));
        return new CdaHeader(p.getRealmCode(), p.getDocumentIdRoot(), Map.copyOf(documents));
    }

    @Bean
    InboundResults inboundResults(Map<String, ResultChannel> resultChannels, IdempotentReceiver receiver, Outbox outbox,
                                  IdentityDomains domains, org.qiao.record.VisitRecorder visits,
                                  org.qiao.stats.Tally tally) {
        return new InboundResults(resultChannels, receiver, outbox, domains, visits, tally);
    }

    @Bean
    LabResultTranslation labResultTranslation(Map<String, ResultChannel> resultChannels, PixManager pix,
                                              IdentityDomains domains, DocumentRepository repository,
                                              DocumentRegistry registry, QiaoProperties properties,
                                              CdaHeader cdaHeader) {
        // no CDA schema, no documents: refuse to start rather than fail every translation
        CdaSchema.ready();
        return new LabResultTranslation(resultChannels, pix, domains, repository, registry,
                properties.getTranslation().getDocumentOidRoot(), cdaHeader);
    }
}
