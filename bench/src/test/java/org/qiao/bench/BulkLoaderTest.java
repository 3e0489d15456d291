package org.qiao.bench;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.DocumentEntry;
import org.openehealth.ipf.commons.ihe.xds.core.metadata.SubmissionSet;
import org.qiao.registry.RegistryStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bulk load's SQL copies are the documents registering would have stored: every copied entry reads back
 * through RegistryStore with its own ids, patient, class code and creation time in the columns and the XML,
 * and is linked to its own submission set. Runs on the test database (H2 file or PostgreSQL).
 */
class BulkLoaderTest {

    private final boolean postgres = "postgres".equals(System.getProperty("qiao.test.db", "h2"));
    private final String pgUrl = System.getProperty("qiao.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
    private final String pgUser = System.getProperty("qiao.test.pg.user", "postgres");
    private final String schema = postgres ? "bulk_" + UUID.randomUUID().toString().substring(0, 8) : null;
    private Path dataDir;

    @AfterEach
    void dropSchema() throws Exception {
        if (schema != null) {
            try (var c = DriverManager.getConnection(pgUrl, pgUser, ""); var s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private BulkLoader.Loaded load(long patients, long documents) throws Exception {
        var args = new ArrayList<>(List.of("--data-dir", dataDir.toString(), "--db", postgres ? "postgres" : "h2"));
        if (postgres) {
            args.addAll(List.of("--pg-url", pgUrl, "--pg-user", pgUser, "--schema", schema));
        }
        var a = BulkLoader.Args.parse(args.toArray(String[]::new));
        try (var ds = BulkLoader.dataSource(a, dataDir)) {
            BulkLoader.migrate(ds, a);
            return new BulkLoader(ds, 50, new PrintStream(new ByteArrayOutputStream(), true))
                    .load(dataDir, patients, documents);
        }
    }

    @Test
    void copiedDocumentsAreWhatRegisteringThemWouldHaveStored() throws Exception {
        dataDir = Files.createTempDirectory("qiao-bulk-");
        // two loads into one registry: the second one's copies continue the numbering
        load(30, 250);
        var loaded = load(0, 150);
        assertThat(loaded.documents()).isEqualTo(400);
        assertThat(loaded.patients()).isEqualTo(30);

        var a = BulkLoader.Args.parse(postgres
                ? new String[] {"--db", "postgres", "--pg-url", pgUrl, "--pg-user", pgUser, "--schema", schema}
                : new String[] {"--db", "h2"});
        try (var ds = BulkLoader.dataSource(a, dataDir)) {
            var jdbc = new JdbcTemplate(ds);
            var store = new RegistryStore(new NamedParameterJdbcTemplate(jdbc));
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM xds_object WHERE object_type = 'DocumentEntry'",
                    Long.class)).isEqualTo(400);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM xds_object WHERE object_type = 'SubmissionSet'",
                    Long.class)).isEqualTo(400);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM xds_association", Long.class)).isEqualTo(400);
            // the multi-valued attributes (event codes, authors…) of every pair as many as a registered pair has
            long perPair = jdbc.queryForObject("SELECT COUNT(*) FROM xds_value WHERE object_uuid IN "
                    + "(SELECT entry_uuid FROM xds_object WHERE unique_id IN (?, ?))", Long.class,
                    BulkLoader.DOCUMENT_UID + 0, BulkLoader.SET_UID + 0);
            assertThat(perPair).isPositive();
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM xds_value", Long.class)).isEqualTo(400 * perPair);
            var residents = loaded.lastPerson() - loaded.firstPerson() + 1;
            var classCodes = List.of("LAB-01", "RAD-01", "EMR-01", "DIS-01");
            for (long n = 0; n < 400; n++) {
                var found = store.objectsByUniqueId(List.of(BulkLoader.DOCUMENT_UID + n), RegistryStore.DOCUMENT_ENTRY);
                assertThat(found).as("document %d", n).hasSize(1);
                var d = (DocumentEntry) found.get(0);
                var regional = String.format("QR%010d", loaded.firstPerson() + n % residents);
                var day = LocalDate.of(2020, 1, 1).plusDays(n * 7919 % 2500).toString().replace("-", "");
                assertThat(d.getPatientId().getId()).as("document %d", n).isEqualTo(regional);
                assertThat(d.getClassCode().getCode()).isEqualTo(classCodes.get((int) (n % 4)));
                assertThat(d.getCreationTime().toHL7()).startsWith(day);
                assertThat(d.getLogicalUuid()).isEqualTo(d.getEntryUuid());
                var row = jdbc.queryForMap("SELECT entry_uuid, patient_id, class_code, creation_time, service_start "
                        + "FROM xds_object WHERE unique_id = ?", BulkLoader.DOCUMENT_UID + n);
                assertThat(row.get("entry_uuid")).isEqualTo(d.getEntryUuid());
                assertThat((String) row.get("patient_id")).startsWith(regional + "^^^");
                assertThat((String) row.get("class_code")).startsWith(classCodes.get((int) (n % 4)));
                assertThat(row.get("creation_time")).isEqualTo(day + "080000");
                assertThat(row.get("service_start")).isEqualTo(day + "080000");
                // the console's columns (V12) are the entry's, as RegistryStore writes them
                var console = jdbc.queryForMap("SELECT title, type_display, author_institution FROM xds_object "
                        + "WHERE unique_id = ?", BulkLoader.DOCUMENT_UID + n);
                assertThat(console.get("title")).isEqualTo(d.getTitle().getValue());
                assertThat(console.get("type_display")).isEqualTo(RegistryStore.display(d.getTypeCode()));
                assertThat(console.get("author_institution")).isEqualTo(RegistryStore.authorInstitution(d));
                boolean template = n < 4 || (n >= 250 && n < 254);
                assertThat(RegistryStore.authorInstitution(d)).as("document %d", n).isEqualTo(
                        BulkLoader.HOSPITALS[template ? 0 : (int) (n / 4 % BulkLoader.HOSPITALS.length)]);

                var member = store.associations(null, List.of(d.getEntryUuid()));
                assertThat(member).as("document %d", n).hasSize(1);
                var set = (SubmissionSet) store.objects(List.of(member.get(0).getSourceUuid())).get(0);
                assertThat(set.getUniqueId()).isEqualTo(BulkLoader.SET_UID + n);
                assertThat(set.getPatientId().getId()).isEqualTo(regional);
            }
            // every document's entry UUID is its own
            assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT entry_uuid) FROM xds_object", Long.class))
                    .isEqualTo(800);
        } finally {
            try (var paths = Files.walk(dataDir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
