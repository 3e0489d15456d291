package org.qiao.routes.config;

import org.qiao.pix.DomainType;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Everything configurable under {@code qiao.*} (see config/application.yml). */
@ConfigurationProperties("qiao")
public class QiaoProperties {

    /** Folder for the embedded database and other local state. */
    private String dataDir = "./data";
    private final Mllp mllp = new Mllp();
    private final Pix pix = new Pix();
    private final Outbox outbox = new Outbox();
    private final Registry registry = new Registry();
    private final Repository repository = new Repository();
    private final Translation translation = new Translation();
    private final Pdq pdq = new Pdq();
    private final Http http = new Http();

    public String getDataDir() { return dataDir; }
    public void setDataDir(String dataDir) { this.dataDir = dataDir; }
    public Mllp getMllp() { return mllp; }
    public Pix getPix() { return pix; }
    public Outbox getOutbox() { return outbox; }
    public Registry getRegistry() { return registry; }
    public Repository getRepository() { return repository; }
    public Translation getTranslation() { return translation; }
    public Pdq getPdq() { return pdq; }
    public Http getHttp() { return http; }

    /** The Patient Demographics Supplier (ITI-21, 22, 47). */
    public static class Pdq {
        /** Persons one query may match; a wider query is refused (AE, "Too many matches"). */
        private int maxResults = 1000;
        /** How long a continued answer is kept after its last use (HL7 v2.5 5.6.3; ITI-47 continuation). */
        private Duration continuationTtl = Duration.ofMinutes(10);
        /** Continued answers kept at most. */
        private int maxContinuations = 10000;

        public int getMaxResults() { return maxResults; }
        public void setMaxResults(int maxResults) { this.maxResults = maxResults; }
        public Duration getContinuationTtl() { return continuationTtl; }
        public void setContinuationTtl(Duration continuationTtl) { this.continuationTtl = continuationTtl; }
        public int getMaxContinuations() { return maxContinuations; }
        public void setMaxContinuations(int maxContinuations) { this.maxContinuations = maxContinuations; }
    }

    /** Limits of the HTTP port beyond Tomcat's own settings. */
    public static class Http {
        /** One SOAP request at most (413 before reading, or a fault when a chunked body passes it). */
        private DataSize maxRequestSize =
                DataSize.ofMegabytes(256);
        /** Request headers at most (Tomcat answers 400 above it); Boot has no property for it. */
        private int maxHeaderCount = 100;

        public DataSize getMaxRequestSize() { return maxRequestSize; }
        public void setMaxRequestSize(DataSize maxRequestSize) { this.maxRequestSize = maxRequestSize; }
        public int getMaxHeaderCount() { return maxHeaderCount; }
        public void setMaxHeaderCount(int maxHeaderCount) { this.maxHeaderCount = maxHeaderCount; }
    }

    public static class Translation {
        /** Root of the uniqueIds of generated documents (each gets root.<outbox message id>). */
        private String documentOidRoot = "2.16.156.10011.0.99.5";
        private List<Channel> channels = new ArrayList<>();
        /** Header profile of generated CDA: ihe (built in) or a name under header-profiles (wst500 by default). */
        private String cdaHeader = "ihe";
        private java.util.Map<String, HeaderProfile> headerProfiles = new java.util.LinkedHashMap<>();

        public String getCdaHeader() { return cdaHeader; }
        public void setCdaHeader(String cdaHeader) { this.cdaHeader = cdaHeader; }
        public java.util.Map<String, HeaderProfile> getHeaderProfiles() { return headerProfiles; }
        public void setHeaderProfiles(java.util.Map<String, HeaderProfile> headerProfiles) { this.headerProfiles = headerProfiles; }

        public String getDocumentOidRoot() { return documentOidRoot; }
        public void setDocumentOidRoot(String documentOidRoot) { this.documentOidRoot = documentOidRoot; }
        public List<Channel> getChannels() { return channels; }
        public void setChannels(List<Channel> channels) { this.channels = channels; }
    }

    /** A region's CDA header (see CdaHeader): realm, document id root, per document its template and code. */
    public static class HeaderProfile {
        private String realmCode = "CN";
        private String documentIdRoot;
        private java.util.Map<String, DocumentCode> documents = new java.util.LinkedHashMap<>();

        public String getRealmCode() { return realmCode; }
        public void setRealmCode(String realmCode) { this.realmCode = realmCode; }
        public String getDocumentIdRoot() { return documentIdRoot; }
        public void setDocumentIdRoot(String documentIdRoot) { this.documentIdRoot = documentIdRoot; }
        public java.util.Map<String, DocumentCode> getDocuments() { return documents; }
        public void setDocuments(java.util.Map<String, DocumentCode> documents) { this.documents = documents; }
    }

    public static class DocumentCode {
        private String templateId;
        private String code;
        private String codeSystem;
        private String codeSystemName;
        private String displayName;

        public String getTemplateId() { return templateId; }
        public void setTemplateId(String templateId) { this.templateId = templateId; }
        public String getCode() { return code; }
        public void setCode(String code) { this.code = code; }
        public String getCodeSystem() { return codeSystem; }
        public void setCodeSystem(String codeSystem) { this.codeSystem = codeSystem; }
        public String getCodeSystemName() { return codeSystemName; }
        public void setCodeSystemName(String codeSystemName) { this.codeSystemName = codeSystemName; }
        public String getDisplayName() { return displayName; }
        public void setDisplayName(String displayName) { this.displayName = displayName; }
    }

    /** A hospital system whose results become documents (see ResultChannel). */
    public static class Channel {
        /** Which translations its messages may use: lab, exam, note, discharge (all when not given). */
        private List<String> translations = new ArrayList<>(List.of("lab", "exam", "note", "discharge"));
        /** The repository its documents go to; must be this engine's (qiao.repository.unique-id) when given. */
        private String repository;

        public List<String> getTranslations() { return translations; }
        public void setTranslations(List<String> translations) { this.translations = translations; }
        public String getRepository() { return repository; }
        public void setRepository(String repository) { this.repository = repository; }
        private String application;
        private String facility;
        private String facilityOid;
        private String facilityName;
        private String patientDomain;
        private String facilityTypeCode = "A100^^2.16.156.10011.2.3.2.22";
        private String practiceSettingCode = "30^^2.16.156.10011.2.3.3.1";

        public String getApplication() { return application; }
        public void setApplication(String application) { this.application = application; }
        public String getFacility() { return facility; }
        public void setFacility(String facility) { this.facility = facility; }
        public String getFacilityOid() { return facilityOid; }
        public void setFacilityOid(String facilityOid) { this.facilityOid = facilityOid; }
        public String getFacilityName() { return facilityName; }
        public void setFacilityName(String facilityName) { this.facilityName = facilityName; }
        public String getPatientDomain() { return patientDomain; }
        public void setPatientDomain(String patientDomain) { this.patientDomain = patientDomain; }
        public String getFacilityTypeCode() { return facilityTypeCode; }
        public void setFacilityTypeCode(String facilityTypeCode) { this.facilityTypeCode = facilityTypeCode; }
        public String getPracticeSettingCode() { return practiceSettingCode; }
        public void setPracticeSettingCode(String practiceSettingCode) { this.practiceSettingCode = practiceSettingCode; }
    }

    public static class Repository {
        /** This repository's repositoryUniqueId (an OID). */
        private String uniqueId = "2.16.156.10011.0.99.3.1";
        /** Folder for document bytes; default: documents/ in the data folder. */
        private String storageDir;

        public String getUniqueId() { return uniqueId; }
        public void setUniqueId(String uniqueId) { this.uniqueId = uniqueId; }
        public String getStorageDir() { return storageDir; }
        public void setStorageDir(String storageDir) { this.storageDir = storageDir; }
    }

    public static class Registry {
        /** LeafClass answers larger than this get XDSTooManyResults. */
        private int maxLeafClassResults = 1000;
        /** The affinity domain's code list (NIST codes.xml format); none means codes are not checked. */
        private String codesFile;
        /** The community's home id (urn:oid:…), stated on what queries return; none by default. */
        private String homeCommunityId;
        /** Switch code validation off even when a code list is configured. */
        private boolean validateCodes = true;

        public String getCodesFile() { return codesFile; }
        public void setCodesFile(String codesFile) { this.codesFile = codesFile; }
        public boolean isValidateCodes() { return validateCodes; }
        public String getHomeCommunityId() { return homeCommunityId; }
        public void setHomeCommunityId(String homeCommunityId) { this.homeCommunityId = homeCommunityId; }
        public void setValidateCodes(boolean validateCodes) { this.validateCodes = validateCodes; }

        public int getMaxLeafClassResults() { return maxLeafClassResults; }
        public void setMaxLeafClassResults(int maxLeafClassResults) { this.maxLeafClassResults = maxLeafClassResults; }
    }

    public static class Mllp {
        /** Address the one MLLP port binds to. */
        private String host = "0.0.0.0";
        /** The one MLLP port for every HL7 v2 transaction (dispatched by MSH-9). */
        private int port = 2575;
        /** Largest frame accepted; larger messages are answered with AR and discarded. */
        private int maxFrameBytes = 4 * 1024 * 1024;
        /** A frame must be complete this long after its start block (slow senders cannot hold a connection). */
        private Duration frameTimeout = Duration.ofSeconds(30);
        /** Open MLLP connections at most; more are closed at once. */
        private int maxConnections = 500;

        public Duration getFrameTimeout() { return frameTimeout; }
        public void setFrameTimeout(Duration frameTimeout) { this.frameTimeout = frameTimeout; }
        public int getMaxConnections() { return maxConnections; }
        public void setMaxConnections(int maxConnections) { this.maxConnections = maxConnections; }
        /** Loopback port range base for IPF's per-transaction endpoints behind the dispatcher. */
        private int internalPortBase = 0;
        private String sendingApplication = "QIAO";
        private String sendingFacility = "REGION";

        public String getHost() { return host; }
        public void setHost(String host) { this.host = host; }
        public int getPort() { return port; }
        public void setPort(int port) { this.port = port; }
        public int getMaxFrameBytes() { return maxFrameBytes; }
        public void setMaxFrameBytes(int maxFrameBytes) { this.maxFrameBytes = maxFrameBytes; }
        public int getInternalPortBase() { return internalPortBase; }
        public void setInternalPortBase(int internalPortBase) { this.internalPortBase = internalPortBase; }
        public String getSendingApplication() { return sendingApplication; }
        public void setSendingApplication(String sendingApplication) { this.sendingApplication = sendingApplication; }
        public String getSendingFacility() { return sendingFacility; }
        public void setSendingFacility(String sendingFacility) { this.sendingFacility = sendingFacility; }
    }

    public static class Pix {
        /** Code of the affinity (regional) domain among {@link #domains}. */
        private String affinityDomain = "regional";
        /** Prefix of regional ids the PIX Manager assigns. */
        private String regionalIdPrefix = "QR";
        private List<Domain> domains = new ArrayList<>();
        private List<Subscriber> subscribers = new ArrayList<>();
        /** Record linkage (probabilistic matching) after the deterministic rules; off by default. */
        private Matching matching = new Matching();

        public Matching getMatching() { return matching; }
        public void setMatching(Matching matching) { this.matching = matching; }
        public String getAffinityDomain() { return affinityDomain; }
        public void setAffinityDomain(String affinityDomain) { this.affinityDomain = affinityDomain; }
        public String getRegionalIdPrefix() { return regionalIdPrefix; }
        public void setRegionalIdPrefix(String regionalIdPrefix) { this.regionalIdPrefix = regionalIdPrefix; }
        public List<Domain> getDomains() { return domains; }
        public void setDomains(List<Domain> domains) { this.domains = domains; }
        public List<Subscriber> getSubscribers() { return subscribers; }
        public void setSubscribers(List<Subscriber> subscribers) { this.subscribers = subscribers; }
    }

    /** {@code qiao.pix.matching.*}: thresholds in bits (see LinkageConfig for the weights). */
    public static class Matching {
        private boolean enabled = false;
        private double upper = org.qiao.pix.matching.LinkageConfig.defaults().upper();
        private double lower = org.qiao.pix.matching.LinkageConfig.defaults().lower();

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public double getUpper() { return upper; }
        public void setUpper(double upper) { this.upper = upper; }
        public double getLower() { return lower; }
        public void setLower(double lower) { this.lower = lower; }
    }

    public static class Domain {
        private String code;
        private String namespace;
        private String oid;
        private DomainType type = DomainType.MRN;
        /** MSH-3^MSH-4 of the domain's Patient Identity Source, e.g. HIS^HOSP_A. */
        private String source;

        public String getCode() { return code; }
        public void setCode(String code) { this.code = code; }
        public String getNamespace() { return namespace; }
        public void setNamespace(String namespace) { this.namespace = namespace; }
        public String getOid() { return oid; }
        public void setOid(String oid) { this.oid = oid; }
        public DomainType getType() { return type; }
        public void setType(DomainType type) { this.type = type; }
        public String getSource() { return source; }
        public void setSource(String source) { this.source = source; }
    }

    public static class Subscriber {
        private String name;
        private String host;
        private int port;
        private String application = "PIX_CONSUMER";
        private String facility = "";
        private Set<String> domains = new LinkedHashSet<>();
        /** Deliver over TLS with this node's certificate (qiao.tls key and trust stores). */
        private boolean tls;

        public boolean isTls() { return tls; }
        public void setTls(boolean tls) { this.tls = tls; }
        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public String getHost() { return host; }
        public void setHost(String host) { this.host = host; }
        public int getPort() { return port; }
        public void setPort(int port) { this.port = port; }
        public String getApplication() { return application; }
        public void setApplication(String application) { this.application = application; }
        public String getFacility() { return facility; }
        public void setFacility(String facility) { this.facility = facility; }
        public Set<String> getDomains() { return domains; }
        public void setDomains(Set<String> domains) { this.domains = domains; }
    }

    public static class Outbox {
        /** How often each destination's outbox is looked at. */
        private Duration pollInterval = Duration.ofMillis(500);
        private int maxAttempts = 50;
        private Duration firstBackoff = Duration.ofSeconds(1);
        private Duration maxBackoff = Duration.ofMinutes(5);
        /** Read timeout waiting for a subscriber's ACK. */
        private Duration ackTimeout = Duration.ofSeconds(15);

        public Duration getPollInterval() { return pollInterval; }
        public void setPollInterval(Duration pollInterval) { this.pollInterval = pollInterval; }
        public int getMaxAttempts() { return maxAttempts; }
        public void setMaxAttempts(int maxAttempts) { this.maxAttempts = maxAttempts; }
        public Duration getFirstBackoff() { return firstBackoff; }
        public void setFirstBackoff(Duration firstBackoff) { this.firstBackoff = firstBackoff; }
        public Duration getMaxBackoff() { return maxBackoff; }
        public void setMaxBackoff(Duration maxBackoff) { this.maxBackoff = maxBackoff; }
        public Duration getAckTimeout() { return ackTimeout; }
        public void setAckTimeout(Duration ackTimeout) { this.ackTimeout = ackTimeout; }
    }
}
