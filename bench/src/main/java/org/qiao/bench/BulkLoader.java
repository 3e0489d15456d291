package org.qiao.bench;

import org.flywaydb.core.Flyway;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.AvailabilityStatus;
import org.qiao.pix.Demographics;
import org.qiao.pix.DeterministicMatcher;
import org.qiao.pix.DomainType;
import org.qiao.pix.Identifier;
import org.qiao.pix.IdentityDomain;
import org.qiao.pix.IdentityDomains;
import org.qiao.pix.PatientFeed;
import org.qiao.pix.LinkEventStore;
import org.qiao.pix.PersonIndexStore;
import org.qiao.pix.PixManagerService;
import org.qiao.registry.RegistryStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Fills a registry with synthetic residents and documents straight through the engine's own stores
 * (PixManagerService over PersonIndexStore and LinkEventStore, RegistryStore), not through SOAP, while the
 * engine is stopped.
 *
 * <p>Steps: migrate the schema with the engine's Flyway scripts; feed {@code --patients} residents (HOSP_A MRN +
 * national id; the PIX Manager assigns regional ids) in transactions of {@code --batch}; register
 * {@code --documents} one-document submissions (submission set, document entry, HasMember) spread over the
 * loaded residents, the first four through RegistryStore and the rest as SQL copies of them ({@link #copyDocuments});
 * record the regional-id range and counts in {@code <data-dir>/bench-data.properties},
 * adding to what an earlier load left there.
 *
 * <p>Usage: {@code --data-dir DIR [--db h2|postgres --pg-url URL --pg-user U --schema S] --patients N
 * --documents N [--batch 1000]}.
 */
public final class BulkLoader {

    private static final String[] CLASS_CODES = {"LAB-01", "RAD-01", "EMR-01", "DIS-01"};
    /**
     * Each class code's type code (LOINC), its display name and the title, so the console's timeline has its kinds
     * (ResidentRecordService.documentKind: lab, exam, note, discharge-summary) and the documents measure its groups.
     */
    private static final String[][] TYPES = {{"11502-2", "Laboratory report", "血常规检验报告"},
            {"18748-4", "Diagnostic imaging study", "胸部X线检查报告"}, {"11506-3", "Progress note", "门诊病历"},
            {"18842-5", "Discharge summary", "出院小结"}};
    /**
     * The author institutions documents are spread over (document n: {@code HOSPITALS[(n / 4) mod 8]}); the first
     * is the one XdsRequests' author names, so the registered templates keep theirs.
     */
    static final String[] HOSPITALS = {"市第一人民医院", "市中医院", "城东社区卫生服务中心", "市第二人民医院", "市妇幼保健院",
            "市儿童医院", "城西社区卫生服务中心", "市口腔医院"};
    /** Document n's uniqueId is this root + n, its submission set's {@link #SET_UID} + n. */
    static final String DOCUMENT_UID = "2.16.156.10011.0.99.7.";
    static final String SET_UID = "2.16.156.10011.0.99.6.";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final IdentityDomains domains;
    private final PixManagerService pix;
    private final RegistryStore registry;
    private final int batch;
    private final PrintStream progress;

    BulkLoader(SingleConnectionDataSource dataSource, int batch, PrintStream progress) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        // the domains of config/application.yml that the loaded residents use
        this.domains = new IdentityDomains(List.of(
                new IdentityDomain("regional", "QIAO", XdsRequests.REGIONAL_OID, DomainType.REGIONAL, null),
                new IdentityDomain("national-id", "CN-ID", "2.16.156.10011.1.3", DomainType.NATIONAL_ID, null),
                new IdentityDomain("hosp-a-mrn", "HOSP_A", "2.16.156.10011.0.99.2.1", DomainType.MRN,
                        "HIS_A^HOSP_A")), "regional");
        var patients = new PersonIndexStore(jdbc);
        // no ITI-10 subscribers while loading: the listener does nothing
        this.pix = new PixManagerService(patients, new LinkEventStore(jdbc), new DeterministicMatcher(patients),
                domains, (personId, identifiers, latest) -> { }, "QR", tx);
        this.registry = new RegistryStore(new NamedParameterJdbcTemplate(jdbc));
        this.batch = batch;
        this.progress = progress;
    }

    public static void main(String[] args) throws Exception {
        var a = Args.parse(args);
        var dataDir = Path.of(a.get("data-dir", "./data")).toAbsolutePath();
        Files.createDirectories(dataDir);
        try (var ds = dataSource(a, dataDir)) {
            migrate(ds, a);
            var loaded = new BulkLoader(ds, a.intValue("batch", 1000), System.err)
                    .load(dataDir, a.longValue("patients", 0), a.longValue("documents", 0));
            System.out.println(loaded);
        }
    }

    /** What the registry holds after a load (cumulative over loads into the same data folder). */
    public record Loaded(long firstPerson, long lastPerson, long patients, long documents) {
        Generators.PatientPool pool() {
            return new Generators.PatientPool(firstPerson, lastPerson);
        }
    }

    static SingleConnectionDataSource dataSource(Args a, Path dataDir) {
        if ("postgres".equals(a.get("db", "h2"))) {
            var url = a.get("pg-url", "jdbc:postgresql://127.0.0.1:5432/test");
            var schema = a.get("schema", null);
            var ds = new SingleConnectionDataSource(schema == null ? url : url + "?currentSchema=" + schema,
                    a.get("pg-user", "postgres"), a.get("pg-password", ""), true);
            ds.setAutoCommit(true);
            return ds;
        }
        // as the engine's URL (routes' application.yml): TEXT up to 128 KB in the row, not as a separate LOB
        return new SingleConnectionDataSource("jdbc:h2:file:" + dataDir.resolve("qiao")
                + ";DB_CLOSE_ON_EXIT=FALSE;MAX_LENGTH_INPLACE_LOB=131072", "sa", "", true);
    }

    static void migrate(SingleConnectionDataSource ds, Args a) {
        var config = Flyway.configure().dataSource(ds).locations("classpath:db/migration");
        var schema = a.get("schema", null);
        if (schema != null) {
            config.schemas(schema);
        }
        config.load().migrate();
    }

    Loaded load(Path dataDir, long patients, long documents) throws IOException {
        var file = dataDir.resolve("bench-data.properties");
        var props = new Properties();
        if (Files.exists(file)) {
            try (var in = Files.newInputStream(file)) {
                props.load(in);
            }
        }
        long first = Long.parseLong(props.getProperty("first-person", "-1"));
        long last = Long.parseLong(props.getProperty("last-person", "-1"));
        long patientCount = Long.parseLong(props.getProperty("patients", "0"));
        long documentCount = Long.parseLong(props.getProperty("documents", "0"));

        var bar = new ProgressBar(progress, "residents", patients);
        for (long done = 0; done < patients; ) {
            long n = Math.min(batch, patients - done);
            long from = patientCount + done;
            var range = tx.execute(s -> feedResidents(from, n));
            first = first < 0 ? range[0] : Math.min(first, range[0]);
            last = Math.max(last, range[1]);
            done += n;
            bar.update(done);
        }
        bar.finish();
        patientCount += patients;
        if (documents > 0 && first < 0) {
            throw new IllegalStateException("documents need residents: load --patients first");
        }

        bar = new ProgressBar(progress, "documents", documents);
        var pool = new Generators.PatientPool(first, last);
        // the first documents go through RegistryStore; the rest are SQL copies of them (see copyDocuments)
        long registered = Math.min(documents, TEMPLATES);
        long startCount = documentCount;
        tx.executeWithoutResult(s -> registerDocuments(pool, startCount, registered));
        var templates = templates(startCount, registered);
        for (long done = registered; done < documents; ) {
            long n = Math.min(COPY_CHUNK, documents - done);
            long from = documentCount + done;
            tx.executeWithoutResult(s -> copyDocuments(templates, pool, from, n));
            done += n;
            bar.update(done);
        }
        bar.finish();
        documentCount += documents;

        props.setProperty("first-person", Long.toString(first));
        props.setProperty("last-person", Long.toString(last));
        props.setProperty("patients", Long.toString(patientCount));
        props.setProperty("documents", Long.toString(documentCount));
        try (var out = Files.newOutputStream(file)) {
            props.store(out, "what bench BulkLoader put into this registry");
        }
        analyze();
        // person ids of one loader are consecutive; a gap would make the generators ask for unknown residents
        long persons = jdbc.queryForObject("SELECT COUNT(*) FROM person WHERE id BETWEEN ? AND ?", Long.class,
                first, last);
        if (persons != last - first + 1) {
            progress.println("warning: person ids " + first + ".." + last + " are not consecutive (" + persons + ")");
        }
        return new Loaded(first, last, patientCount, documentCount);
    }

    /**
     * Refreshes the planner's statistics, as a DBA does after a bulk load. PostgreSQL's autovacuum would do it
     * in time, but until then (or where it is off, as on our test server) a freshly loaded table has none, and
     * PDQ's "family name and birth date" ran as a walk of the whole person index: 0.5 s per query at 1 M
     * residents instead of 0.3 ms. H2 keeps statistics itself, but is told too.
     */
    private void analyze() {
        progress.println("analyzing the loaded tables");
        if (postgres()) {
            for (var table : jdbc.queryForList(
                    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()", String.class)) {
                jdbc.execute("ANALYZE \"" + table + "\"");
            }
        } else {
            jdbc.execute("ANALYZE");
        }
    }

    /** Residents n = from … from+count-1; returns the lowest and highest person id made. */
    private long[] feedResidents(long from, long count) {
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (long n = from; n < from + count; n++) {
            var p = Residents.of(n);
            var demographics = new Demographics(p.family(), p.given(), p.birthDate(), p.sex(), p.street(), "成都市",
                    "四川省", "610000", "CHN", p.phone(), null, "O", null, null, null, null, null, null, null);
            var feed = new PatientFeed(List.of(new Identifier(String.format("BL%010d", n), "hosp-a-mrn"),
                    new Identifier(p.nationalId(), "national-id")), demographics, domains);
            long person = pix.feed(feed).personId();
            lo = Math.min(lo, person);
            hi = Math.max(hi, person);
        }
        return new long[] {lo, hi};
    }

    /** Documents n = from … from+count-1, each its own submission set, round-robin over the residents. */
    private void registerDocuments(Generators.PatientPool pool, long from, long count) {
        long residents = pool.lastPerson() - pool.firstPerson() + 1;
        for (long n = from; n < from + count; n++) {
            var patient = XdsRequests.patient(String.format("QR%010d", pool.firstPerson() + n % residents));
            // creation times spread over 2020-2026, so a time range selects part of a resident's documents
            var day = java.time.LocalDate.of(2020, 1, 1).plusDays(n * 7919 % 2500);
            var created = day.toString().replace("-", "") + "080000";
            var d = XdsRequests.entry(patient, DOCUMENT_UID + n, CLASS_CODES[(int) (n % 4)], created);
            var type = TYPES[(int) (n % 4)];
            d.setTypeCode(new org.openehealth.ipf.commons.ihe.xds.core.metadata.Code(type[0],
                    new org.openehealth.ipf.commons.ihe.xds.core.metadata.LocalizedString(type[1]),
                    "2.16.840.1.113883.6.1"));
            d.setTitle(new org.openehealth.ipf.commons.ihe.xds.core.metadata.LocalizedString(type[2]));
            d.setAvailabilityStatus(AvailabilityStatus.APPROVED);
            d.setLogicalUuid(d.getEntryUuid());
            d.setRepositoryUniqueId("2.16.156.10011.0.99.3.1");
            d.setHash("da39a3ee5e6b4b0d3255bfef95601890afd80709");
            d.setSize(10240L);
            var ss = XdsRequests.submissionSet(patient, SET_UID + n);
            ss.setAvailabilityStatus(AvailabilityStatus.APPROVED);
            ss.setLogicalUuid(ss.getEntryUuid());
            var member = XdsRequests.hasMember(ss.getEntryUuid(), d.getEntryUuid());
            member.setAvailabilityStatus(AvailabilityStatus.APPROVED);
            registry.insert(ss);
            registry.insert(d);
            registry.insert(member);
        }
    }

    /** Documents registered through RegistryStore, one per class code, that the SQL copies are made from. */
    static final int TEMPLATES = CLASS_CODES.length;
    /** Documents copied per statement and transaction. */
    static final int COPY_CHUNK = 20_000;

    /** What of a registered document a copy changes: its ids, patient and creation time. */
    record Template(long n, String documentUuid, String setUuid, String associationUuid, String regionalId,
                    String documentUniqueId, String setUniqueId, String creationTime) {
    }

    private List<Template> templates(long from, long count) {
        var list = new java.util.ArrayList<Template>();
        for (long n = from; n < from + count; n++) {
            var documentUid = DOCUMENT_UID + n;
            var row = jdbc.queryForMap("SELECT d.entry_uuid, d.patient_id, d.creation_time, a.entry_uuid AS assoc, "
                    + "s.entry_uuid AS ss, s.unique_id AS ss_uid FROM xds_object d "
                    + "JOIN xds_association a ON a.target_uuid = d.entry_uuid "
                    + "JOIN xds_object s ON s.entry_uuid = a.source_uuid WHERE d.unique_id = ?", documentUid);
            var patient = (String) row.get("patient_id");
            list.add(new Template(n, (String) row.get("entry_uuid"), (String) row.get("ss"), (String) row.get("assoc"),
                    patient.substring(0, patient.indexOf('^')), documentUid, (String) row.get("ss_uid"),
                    (String) row.get("creation_time")));
        }
        return list;
    }

    /**
     * Documents n = from … from+count-1 as SQL copies of the templates, far faster than registering each
     * (a million in minutes): document n copies template n mod 4, so the class codes keep their round-robin.
     *
     * <p>Steps, one INSERT … SELECT per table and template over the range of n: copy the submission set, the
     * document entry, their multi-valued attributes and the HasMember association; in every column and in the
     * stored XML replace the template's UUIDs (new ones made from n), uniqueIds, regional patient id and
     * creation time (the same days as {@link #registerDocuments} gives document n) and the author institution
     * (one of {@link #HOSPITALS} by n); the console's columns (title, type_display, author_institution) are copied
     * too. The copies are then exactly
     * what registering them would have stored, apart from the submission time.
     */
    private void copyDocuments(List<Template> templates, Generators.PatientPool pool, long from, long count) {
        long residents = pool.lastPerson() - pool.firstPerson() + 1;
        var range = postgres()
                ? "(SELECT g AS n FROM generate_series(CAST(? AS BIGINT), CAST(? AS BIGINT)) g) r"
                : "(SELECT X AS n FROM SYSTEM_RANGE(?, ?)) r";
        var digits = "LPAD(CAST(r.n AS VARCHAR(20)), 12, '0')";
        var docUuid = "'urn:uuid:00000000-0000-4000-8001-' || " + digits;
        var setUuid = "'urn:uuid:00000000-0000-4000-8002-' || " + digits;
        var assocUuid = "'urn:uuid:00000000-0000-4000-8003-' || " + digits;
        var regional = "'QR' || LPAD(CAST(" + pool.firstPerson() + " + MOD(r.n, " + residents
                + ") AS VARCHAR(20)), 10, '0')";
        var docUid = "'" + DOCUMENT_UID + "' || CAST(r.n AS VARCHAR(20))";
        var setUid = "'" + SET_UID + "' || CAST(r.n AS VARCHAR(20))";
        var day = "DATE '2020-01-01' + CAST(MOD(r.n * 7919, 2500) AS INT)";
        var created = "TO_CHAR(" + day + ", 'YYYYMMDD') || '080000'";
        // the stored XML has times as xs:dateTime, the columns as HL7 DTM
        var createdXml = "TO_CHAR(" + day + ", 'YYYY-MM-DD') || 'T08:00:00Z'";
        var institution = new StringBuilder("CASE MOD(r.n / " + TEMPLATES + ", " + HOSPITALS.length + ")");
        for (int h = 0; h < HOSPITALS.length; h++) {
            institution.append(" WHEN ").append(h).append(" THEN '").append(HOSPITALS[h]).append('\'');
        }
        institution.append(" END");
        for (var t : templates) {
            var where = " WHERE MOD(r.n, " + TEMPLATES + ") = " + (t.n() % TEMPLATES);
            // the template's values in the columns and the XML, each replaced by the copy's
            var swaps = new String[][] {{t.documentUuid(), docUuid}, {t.setUuid(), setUuid},
                    {t.associationUuid(), assocUuid}, {t.regionalId(), regional},
                    {t.documentUniqueId(), docUid}, {t.setUniqueId(), setUid}, {t.creationTime(), created},
                    {xmlTime(t.creationTime()), createdXml}, {HOSPITALS[0], institution.toString()}};
            java.util.function.Function<String, String> swap = column -> {
                var e = column;
                for (var s : swaps) {
                    e = "REPLACE(" + e + ", '" + s[0] + "', " + s[1] + ")";
                }
                return e;
            };
            var objectColumns = List.of("entry_uuid", "logical_uuid", "version", "object_type", "status", "patient_id",
                    "unique_id", "entry_type", "class_code", "type_code", "format_code", "practice_code",
                    "facility_code", "content_type_code", "creation_time", "service_start", "service_stop",
                    "submission_time", "last_update_time", "source_id", "hash", "doc_size", "repository_id",
                    "created_at", "content", "title", "type_display", "author_institution");
            var changed = List.of("entry_uuid", "logical_uuid", "patient_id", "unique_id", "creation_time",
                    "service_start", "content", "author_institution");
            var select = objectColumns.stream().map(c -> changed.contains(c) ? swap.apply("t." + c) : "t." + c)
                    .collect(java.util.stream.Collectors.joining(", "));
            var insertObjects = "INSERT INTO xds_object (" + String.join(", ", objectColumns) + ") SELECT " + select
                    + " FROM xds_object t, " + range + where + " AND t.entry_uuid = ?";
            jdbc.update(insertObjects, from, from + count - 1, t.setUuid());
            jdbc.update(insertObjects, from, from + count - 1, t.documentUuid());
            jdbc.update("INSERT INTO xds_value (object_uuid, kind, val) SELECT " + swap.apply("t.object_uuid")
                    + ", t.kind, t.val FROM xds_value t, " + range + where + " AND t.object_uuid IN (?, ?)",
                    from, from + count - 1, t.setUuid(), t.documentUuid());
            jdbc.update("INSERT INTO xds_association (entry_uuid, association_type, source_uuid, target_uuid, status, "
                    + "created_at, content) SELECT " + swap.apply("t.entry_uuid") + ", t.association_type, "
                    + swap.apply("t.source_uuid") + ", " + swap.apply("t.target_uuid") + ", t.status, t.created_at, "
                    + swap.apply("t.content") + " FROM xds_association t, " + range + where
                    + " AND t.entry_uuid = ?", from, from + count - 1, t.associationUuid());
        }
    }

    /** 20200101080000 → 2020-01-01T08:00:00Z */
    private static String xmlTime(String dtm) {
        return dtm.substring(0, 4) + "-" + dtm.substring(4, 6) + "-" + dtm.substring(6, 8) + "T" + dtm.substring(8, 10)
                + ":" + dtm.substring(10, 12) + ":" + dtm.substring(12, 14) + "Z";
    }

    private boolean postgres() {
        return Boolean.TRUE.equals(jdbc.execute((java.sql.Connection c) ->
                c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres")));
    }

    /** {@code --name value} / {@code --name=value} arguments. */
    record Args(Map<String, String> values) {
        static Args parse(String[] args) {
            var m = new java.util.LinkedHashMap<String, String>();
            for (int i = 0; i < args.length; i++) {
                var arg = args[i];
                if (!arg.startsWith("--")) {
                    throw new IllegalArgumentException("Unexpected argument " + arg);
                }
                var eq = arg.indexOf('=');
                if (eq > 0) {
                    m.put(arg.substring(2, eq), arg.substring(eq + 1));
                } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                    m.put(arg.substring(2), args[++i]);
                } else {
                    m.put(arg.substring(2), "true");
                }
            }
            return new Args(m);
        }

        String get(String name, String fallback) {
            return values.getOrDefault(name, fallback);
        }

        int intValue(String name, int fallback) {
            return values.containsKey(name) ? Integer.parseInt(values.get(name)) : fallback;
        }

        long longValue(String name, long fallback) {
            return values.containsKey(name) ? Sizes.parse(values.get(name)) : fallback;
        }
    }
}
