package org.qiao.registry;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Association;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AssociationType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Code;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntryType;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Folder;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Hl7v2Based;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Identifiable;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.SubmissionSet;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.Timestamp;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.XDSMetaClass;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.io.StringReader;
import java.io.StringWriter;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The registry's storage: all SQL on xds_object, xds_association and xds_value. Objects are stored
 * whole as XML of IPF's XDS model; status and folder lastUpdateTime live in columns and win on read.
 */
public class RegistryStore {

    public static final String DOCUMENT_ENTRY = "DocumentEntry";
    public static final String SUBMISSION_SET = "SubmissionSet";
    public static final String FOLDER = "Folder";

    private static final JAXBContext JAXB;

    static {
        try {
            JAXB = JAXBContext.newInstance(DocumentEntry.class, SubmissionSet.class, Folder.class, Association.class);
        } catch (JAXBException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final NamedParameterJdbcTemplate jdbc;

    public RegistryStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    // ---- writing

    public void insert(DocumentEntry d) {
        var p = common(d, DOCUMENT_ENTRY)
                .addValue("entryType", entryType(d.getType() == null ? DocumentEntryType.STABLE : d.getType()))
                .addValue("classCode", code(d.getClassCode()))
                .addValue("typeCode", code(d.getTypeCode()))
                .addValue("formatCode", code(d.getFormatCode()))
                .addValue("practiceCode", code(d.getPracticeSettingCode()))
                .addValue("facilityCode", code(d.getHealthcareFacilityTypeCode()))
                .addValue("creationTime", time(d.getCreationTime()))
                .addValue("serviceStart", time(d.getServiceStartTime()))
                .addValue("serviceStop", time(d.getServiceStopTime()))
                .addValue("hash", d.getHash())
                .addValue("size", d.getSize())
                .addValue("repositoryId", d.getRepositoryUniqueId())
                .addValue("title", clip(d.getTitle() == null ? null : d.getTitle().getValue(), 512))
                .addValue("typeDisplay", clip(display(d.getTypeCode()), 300))
                .addValue("authorInstitution", clip(authorInstitution(d), 300));
        insertObject(p);
        values(d.getEntryUuid(), kind(StoredQueryFilter.ListAttribute.EVENT_CODE), d.getEventCodeList().stream().map(RegistryStore::code).toList());
        values(d.getEntryUuid(), kind(StoredQueryFilter.ListAttribute.CONFIDENTIALITY_CODE),
                d.getConfidentialityCodes().stream().map(RegistryStore::code).toList());
        values(d.getEntryUuid(), kind(StoredQueryFilter.ListAttribute.AUTHOR_PERSON), d.getAuthors().stream()
                .filter(a -> a.getAuthorPerson() != null).map(a -> Hl7v2Based.render(a.getAuthorPerson())).toList());
        values(d.getEntryUuid(), kind(StoredQueryFilter.ListAttribute.REFERENCE_ID), d.getReferenceIdList().stream().map(Hl7v2Based::render).toList());
    }

    public void insert(SubmissionSet s) {
        var p = common(s, SUBMISSION_SET)
                .addValue("contentTypeCode", code(s.getContentTypeCode()))
                .addValue("submissionTime", time(s.getSubmissionTime()))
                .addValue("sourceId", s.getSourceId());
        insertObject(p);
        values(s.getEntryUuid(), kind(StoredQueryFilter.ListAttribute.AUTHOR_PERSON), s.getAuthors().stream()
                .filter(a -> a.getAuthorPerson() != null).map(a -> Hl7v2Based.render(a.getAuthorPerson())).toList());
    }

    public void insert(Folder f) {
        var p = common(f, FOLDER).addValue("lastUpdateTime", time(f.getLastUpdateTime()));
        insertObject(p);
        values(f.getEntryUuid(), kind(StoredQueryFilter.ListAttribute.FOLDER_CODE), f.getCodeList().stream().map(RegistryStore::code).toList());
    }

    public void insert(Association a) {
        jdbc.update("""
                INSERT INTO xds_association (entry_uuid, association_type, source_uuid, target_uuid, status,
                    created_at, content)
                VALUES (:uuid, :type, :source, :target, :status, :now, :content)""",
                new MapSqlParameterSource("uuid", a.getEntryUuid())
                        .addValue("type", a.getAssociationType().name())
                        .addValue("source", a.getSourceUuid())
                        .addValue("target", a.getTargetUuid())
                        .addValue("status", status(a.getAvailabilityStatus()))
                        .addValue("now", now())
                        .addValue("content", xml(a)));
    }

    public void updateStatus(String uuid, AvailabilityStatus status) {
        var p = new MapSqlParameterSource("uuid", uuid).addValue("status", status(status));
        jdbc.update("UPDATE xds_object SET status = :status WHERE entry_uuid = :uuid", p);
        jdbc.update("UPDATE xds_association SET status = :status WHERE entry_uuid = :uuid", p);
    }

    public void touchFolder(String uuid, Timestamp when) {
        jdbc.update("UPDATE xds_object SET last_update_time = :t WHERE entry_uuid = :uuid",
                new MapSqlParameterSource("uuid", uuid).addValue("t", time(when)));
    }

    // ---- reading

    /** Registry objects (document entries, submission sets, folders) by entryUUID. */
    public List<XDSMetaClass> objects(Collection<String> uuids) {
        if (uuids.isEmpty()) {
            return List.of();
        }
        return select("WHERE entry_uuid IN (:ids)", new MapSqlParameterSource("ids", uuids));
    }

    public List<XDSMetaClass> objectsByUniqueId(Collection<String> uniqueIds, String type) {
        if (uniqueIds.isEmpty()) {
            return List.of();
        }
        return select("WHERE unique_id IN (:ids) AND object_type = :type",
                new MapSqlParameterSource("ids", uniqueIds).addValue("type", type));
    }

    public List<XDSMetaClass> objectsByLogicalId(Collection<String> logicalIds) {
        if (logicalIds.isEmpty()) {
            return List.of();
        }
        return select("WHERE logical_uuid IN (:ids)", new MapSqlParameterSource("ids", logicalIds));
    }

    /** The objects a stored query's filter selects, oldest first. */
    List<XDSMetaClass> find(StoredQueryFilter filter) {
        var sql = new FilterSql();
        var conditions = new ArrayList<String>();
        conditions.add("o.object_type = " + sql.bind(filter.objectType));
        conditions.addAll(filter.conditions(sql));
        return select("WHERE " + String.join(" AND ", conditions), sql.params);
    }

    /**
     * A filter's conditions over xds_object (alias o), with the parameters bound in the order the conditions
     * are written. Multi-valued attributes are rows of xds_value, one EXISTS per condition.
     */
    private static final class FilterSql implements StoredQueryFilter.Conditions {
        final MapSqlParameterSource params = new MapSqlParameterSource();
        private int n;

        @Override
        public String patient(Identifiable patientId) {
            return "o.patient_id = " + bind(RegistryStore.patient(patientId));
        }

        @Override
        public String statuses(List<AvailabilityStatus> statuses) {
            return "o.status IN (" + bind(statuses.stream().map(RegistryStore::status).toList()) + ")";
        }

        @Override
        public String entryTypes(List<DocumentEntryType> types) {
            return "o.entry_type IN (" + bind(types.stream().map(RegistryStore::entryType).toList()) + ")";
        }

        @Override
        public String codes(StoredQueryFilter.Attribute attribute, List<Code> anyOf) {
            return or(anyOf.stream().map(c -> codeMatch("o." + column(attribute), c)).toList());
        }

        @Override
        public String codes(StoredQueryFilter.ListAttribute attribute, List<Code> anyOf) {
            return value(bind(kind(attribute)), or(anyOf.stream().map(c -> codeMatch("v.val", c)).toList()));
        }

        @Override
        public String values(StoredQueryFilter.ListAttribute attribute, List<String> anyOf) {
            return value(bind(kind(attribute)), "v.val IN (" + bind(anyOf) + ")");
        }

        /** ITI-18's author wildcards are LIKE's own % and _. */
        @Override
        public String authors(List<String> patterns) {
            return value("'authorPerson'", or(patterns.stream().map(p -> "v.val LIKE " + bind(p)).toList()));
        }

        /** One of the object's xds_value rows of the kind matches. */
        private static String value(String kind, String match) {
            return "EXISTS (SELECT 1 FROM xds_value v WHERE v.object_uuid = o.entry_uuid AND v.kind = " + kind
                    + " AND " + match + ")";
        }

        private static String or(List<String> conditions) {
            return "(" + String.join(" OR ", conditions) + ")";
        }

        @Override
        public String values(StoredQueryFilter.Attribute attribute, List<String> anyOf) {
            return "o." + column(attribute) + " IN (" + bind(anyOf) + ")";
        }

        /** IN () is not SQL: no uuids asks for one no object has. */
        @Override
        public String entryUuids(List<String> uuids) {
            return "o.entry_uuid IN (" + bind(uuids.isEmpty() ? List.of("-") : uuids) + ")";
        }

        @Override
        public String from(StoredQueryFilter.Attribute attribute, Timestamp t) {
            return "o." + column(attribute) + " >= " + bind(time(t));
        }

        @Override
        public String before(StoredQueryFilter.Attribute attribute, Timestamp t) {
            return "o." + column(attribute) + " < " + bind(time(t));
        }

        /** A code without a scheme matches "code^^" and any scheme. */
        private String codeMatch(String column, Code c) {
            if (c.getSchemeName() == null || c.getSchemeName().isEmpty()) {
                return column + " LIKE " + bind(c.getCode().replace("%", "\\%").replace("_", "\\_") + "^^%");
            }
            return column + " = " + bind(code(c));
        }

        String bind(Object value) {
            var name = "p" + (n++);
            params.addValue(name, value);
            return ":" + name;
        }
    }

    private static String column(StoredQueryFilter.Attribute a) {
        return switch (a) {
            case CLASS_CODE -> "class_code";
            case TYPE_CODE -> "type_code";
            case PRACTICE_SETTING_CODE -> "practice_code";
            case HEALTHCARE_FACILITY_TYPE_CODE -> "facility_code";
            case FORMAT_CODE -> "format_code";
            case CONTENT_TYPE_CODE -> "content_type_code";
            case CREATION_TIME -> "creation_time";
            case SERVICE_START_TIME -> "service_start";
            case SERVICE_STOP_TIME -> "service_stop";
            case SUBMISSION_TIME -> "submission_time";
            case LAST_UPDATE_TIME -> "last_update_time";
            case SOURCE_ID -> "source_id";
        };
    }

    /** The kind of an xds_value row: one per multi-valued attribute. */
    private static final Map<StoredQueryFilter.ListAttribute, String> KINDS = Map.of(
            StoredQueryFilter.ListAttribute.EVENT_CODE, "eventCode",
            StoredQueryFilter.ListAttribute.CONFIDENTIALITY_CODE, "confidentialityCode",
            StoredQueryFilter.ListAttribute.FOLDER_CODE, "folderCode",
            StoredQueryFilter.ListAttribute.AUTHOR_PERSON, "authorPerson",
            StoredQueryFilter.ListAttribute.REFERENCE_ID, "referenceId");

    private static String kind(StoredQueryFilter.ListAttribute a) {
        return KINDS.get(a);
    }

    private List<XDSMetaClass> select(String where, MapSqlParameterSource params) {
        return jdbc.query("SELECT o.object_type, o.status, o.last_update_time, o.content, o.version FROM xds_object o "
                + where + " ORDER BY o.created_at, o.entry_uuid", params, (rs, i) -> {
                    var object = (XDSMetaClass) read(rs.getString(4));
                    object.setAvailabilityStatus(AvailabilityStatus.valueOfOpcode(rs.getString(2)));
                    object.setVersion(new org.openehealth.ipf.commons.ihe.xds.core.metadata.Version(
                            String.valueOf(rs.getInt(5))));
                    if (object instanceof Folder f && rs.getString(3) != null) {
                        f.setLastUpdateTime(rs.getString(3));
                    }
                    return object;
                });
    }

    /** The newest version of a logical object, if any. */
    public java.util.Optional<XDSMetaClass> latestVersion(String logicalUuid) {
        return select("WHERE o.logical_uuid = :lid AND o.version = (SELECT MAX(x.version) FROM xds_object x "
                + "WHERE x.logical_uuid = :lid)", new MapSqlParameterSource("lid", logicalUuid)).stream().findFirst();
    }

    /** Deletes objects and associations by UUID (ITI-62), with their query values. */
    public void delete(Collection<String> uuids) {
        if (uuids.isEmpty()) {
            return;
        }
        var p = new MapSqlParameterSource("ids", uuids);
        jdbc.update("DELETE FROM xds_value WHERE object_uuid IN (:ids)", p);
        jdbc.update("DELETE FROM xds_object WHERE entry_uuid IN (:ids)", p);
        jdbc.update("DELETE FROM xds_association WHERE entry_uuid IN (:ids)", p);
    }

    public boolean exists(String uuid) {
        return count("SELECT COUNT(*) FROM xds_object WHERE entry_uuid = :id", uuid) > 0
                || count("SELECT COUNT(*) FROM xds_association WHERE entry_uuid = :id", uuid) > 0;
    }

    /** Associations whose source and/or target are among the given uuids (null = any). */
    public List<Association> associations(Collection<String> sources, Collection<String> targets) {
        var where = new ArrayList<String>();
        var p = new MapSqlParameterSource();
        if (sources != null) {
            if (sources.isEmpty()) {
                return List.of();
            }
            where.add("source_uuid IN (:sources)");
            p.addValue("sources", sources);
        }
        if (targets != null) {
            if (targets.isEmpty()) {
                return List.of();
            }
            where.add("target_uuid IN (:targets)");
            p.addValue("targets", targets);
        }
        return jdbc.query("SELECT status, content FROM xds_association WHERE " + String.join(" AND ", where)
                + " ORDER BY created_at, entry_uuid", p, ASSOCIATION);
    }

    /** Associations with any of the given uuids at either end. */
    public List<Association> associationsTouching(Collection<String> uuids) {
        if (uuids.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT status, content FROM xds_association WHERE source_uuid IN (:ids) OR target_uuid IN (:ids)"
                + " ORDER BY created_at, entry_uuid", new MapSqlParameterSource("ids", uuids), ASSOCIATION);
    }

    /**
     * The associations of the given types with the object at either end (ITI-18 GetRelatedDocuments, ITI TF-2a
     * 3.18.4.1.2.3.7.13: the document may be the source, e.g. of the APND it appends, or the target, e.g. of
     * the RPLC that replaced it).
     */
    public List<Association> associationsOfTypes(String uuid, Collection<AssociationType> types) {
        if (types.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT status, content FROM xds_association WHERE (source_uuid = :id OR target_uuid = :id)"
                + " AND association_type IN (:types) ORDER BY created_at, entry_uuid",
                new MapSqlParameterSource("id", uuid).addValue("types", types.stream().map(Enum::name).toList()),
                ASSOCIATION);
    }

    public List<Association> associationsByUuid(Collection<String> uuids) {
        if (uuids.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT status, content FROM xds_association WHERE entry_uuid IN (:ids)",
                new MapSqlParameterSource("ids", uuids), ASSOCIATION);
    }

    /** An association row: its stored XML with the status it has now (ITI-57 may have changed it). */
    private static final RowMapper<Association> ASSOCIATION = (rs, i) -> {
        var a = (Association) read(rs.getString(2));
        a.setAvailabilityStatus(AvailabilityStatus.valueOfOpcode(rs.getString(1)));
        return a;
    };

    /**
     * What a resident's timeline shows of a document entry, from columns only (no stored XML is read):
     * status as the query opcode (Approved, Deprecated), times as 14-digit UTC strings.
     */
    public record DocumentSummary(String entryUuid, String uniqueId, String status, String classCode, String typeCode,
                                  String typeDisplay, String title, String authorInstitution, String creationTime,
                                  String serviceStart, String repositoryId) {
    }

    /** Every document entry (any status) of some patient ids (CX as stored), newest creation time first, at most max. */
    public List<DocumentSummary> documentSummaries(Collection<String> patientIds, int max) {
        if (patientIds.isEmpty()) {
            return List.of();
        }
        return jdbc.query("""
                SELECT entry_uuid, unique_id, status, class_code, type_code, type_display, title, author_institution,
                    creation_time, service_start, repository_id FROM xds_object
                WHERE patient_id IN (:patients) AND object_type = :type
                ORDER BY creation_time DESC, entry_uuid FETCH FIRST :max ROWS ONLY""",
                new MapSqlParameterSource("patients", patientIds).addValue("type", DOCUMENT_ENTRY).addValue("max", max),
                (rs, i) -> new DocumentSummary(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                        rs.getString(10), rs.getString(11)));
    }

    // ---- encoding of query values

    /** A code's display name, else its code value. */
    public static String display(Code c) {
        if (c == null) {
            return null;
        }
        return c.getDisplayName() != null && c.getDisplayName().getValue() != null && !c.getDisplayName().getValue().isBlank()
                ? c.getDisplayName().getValue() : c.getCode();
    }

    /** The first author institution's name (XON-1) of a document entry, or null. */
    public static String authorInstitution(DocumentEntry d) {
        for (var author : d.getAuthors()) {
            for (var institution : author.getAuthorInstitution()) {
                if (institution.getOrganizationName() != null && !institution.getOrganizationName().isBlank()) {
                    return institution.getOrganizationName();
                }
            }
        }
        return null;
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    /** Codes are matched as "code^^scheme". */
    public static String code(Code c) {
        return c == null ? null : c.getCode() + "^^" + (c.getSchemeName() == null ? "" : c.getSchemeName());
    }

    /** Times are compared as 14-digit UTC strings (YYYYMMDDhhmmss, padded), as ITI-18 compares them. */
    public static String time(Timestamp t) {
        if (t == null) {
            return null;
        }
        var s = Timestamp.toHL7(t);
        return s == null ? null : padTime(s);
    }

    public static String padTime(String hl7) {
        var digits = hl7.length() > 14 ? hl7.substring(0, 14) : hl7;
        return (digits + "00000000000000").substring(0, 14);
    }

    public static String patient(Identifiable id) {
        return id == null ? null : Hl7v2Based.render(id);
    }

    static String status(AvailabilityStatus s) {
        return (s == null ? AvailabilityStatus.APPROVED : s).getQueryOpcode();
    }

    private static String entryType(DocumentEntryType t) {
        return t.name().toLowerCase();
    }

    // ---- internals

    private MapSqlParameterSource common(XDSMetaClass o, String type) {
        return new MapSqlParameterSource("uuid", o.getEntryUuid())
                .addValue("logical", o.getLogicalUuid() == null ? o.getEntryUuid() : o.getLogicalUuid())
                .addValue("version", o.getVersion() == null || o.getVersion().getVersionName() == null ? 1
                        : Integer.parseInt(o.getVersion().getVersionName()))
                .addValue("type", type)
                .addValue("status", status(o.getAvailabilityStatus()))
                .addValue("patient", patient(o.getPatientId()))
                .addValue("uniqueId", o.getUniqueId())
                .addValue("now", now())
                .addValue("content", xml(o));
    }

    private void insertObject(MapSqlParameterSource p) {
        for (var column : List.of("entryType", "classCode", "typeCode", "formatCode", "practiceCode", "facilityCode",
                "contentTypeCode", "creationTime", "serviceStart", "serviceStop", "submissionTime", "lastUpdateTime",
                "sourceId", "hash", "size", "repositoryId", "title", "typeDisplay", "authorInstitution")) {
            if (!p.hasValue(column)) {
                p.addValue(column, null);
            }
        }
        jdbc.update("""
                INSERT INTO xds_object (entry_uuid, logical_uuid, version, object_type, status, patient_id, unique_id,
                    entry_type, class_code, type_code, format_code, practice_code, facility_code, content_type_code,
                    creation_time, service_start, service_stop, submission_time, last_update_time, source_id, hash,
                    doc_size, repository_id, created_at, content, title, type_display, author_institution)
                VALUES (:uuid, :logical, :version, :type, :status, :patient, :uniqueId, :entryType, :classCode,
                    :typeCode, :formatCode, :practiceCode, :facilityCode, :contentTypeCode, :creationTime,
                    :serviceStart, :serviceStop, :submissionTime, :lastUpdateTime, :sourceId, :hash, :size,
                    :repositoryId, :now, :content, :title, :typeDisplay, :authorInstitution)""", p);
    }

    private void values(String uuid, String kind, List<String> values) {
        for (var v : values) {
            if (v != null && !v.isEmpty()) {
                jdbc.update("INSERT INTO xds_value (object_uuid, kind, val) VALUES (:uuid, :kind, :value)",
                        Map.of("uuid", uuid, "kind", kind, "value", v.length() > 512 ? v.substring(0, 512) : v));
            }
        }
    }

    private long count(String sql, String id) {
        return jdbc.queryForObject(sql, Map.of("id", id), Long.class);
    }

    /** One marshaller per thread, as for reading (see UNMARSHALLER). */
    private static final ThreadLocal<jakarta.xml.bind.Marshaller> MARSHALLER = ThreadLocal.withInitial(() -> {
        try {
            return JAXB.createMarshaller();
        } catch (JAXBException e) {
            throw new IllegalStateException(e);
        }
    });

    private static String xml(Object o) {
        try {
            var w = new StringWriter();
            MARSHALLER.get().marshal(o, w);
            return w.toString();
        } catch (JAXBException e) {
            throw new IllegalStateException("Cannot serialize " + o.getClass().getSimpleName(), e);
        }
    }

    /**
     * One StAX factory for every read: unmarshalling from a Reader would make JAXB look up a new SAX parser
     * factory per stored object (a ServiceLoader scan of the class path), the largest cost of ITI-18.
     */
    private static final javax.xml.stream.XMLInputFactory STAX = stax();

    private static javax.xml.stream.XMLInputFactory stax() {
        var f = javax.xml.stream.XMLInputFactory.newFactory();
        f.setProperty(javax.xml.stream.XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(javax.xml.stream.XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return f;
    }

    /**
     * One unmarshaller per thread: JAXB builds a new unmarshalling context for each one created, and an ITI-18
     * answer reads every stored entry it returns. An unmarshaller is not thread-safe, but reusable.
     */
    private static final ThreadLocal<jakarta.xml.bind.Unmarshaller> UNMARSHALLER = ThreadLocal.withInitial(() -> {
        try {
            return JAXB.createUnmarshaller();
        } catch (JAXBException e) {
            throw new IllegalStateException(e);
        }
    });

    private static Object read(String xml) {
        try {
            var reader = STAX.createXMLStreamReader(new StringReader(xml));
            try {
                return UNMARSHALLER.get().unmarshal(reader);
            } finally {
                reader.close();
            }
        } catch (JAXBException | javax.xml.stream.XMLStreamException e) {
            throw new IllegalStateException("Cannot read a stored registry object", e);
        }
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
