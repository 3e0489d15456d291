package org.qiao.bench.baseline;

import org.openehealth.ipf.commons.ihe.xds.core.requests.ProvideAndRegisterDocumentSet;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Response;
import org.openehealth.ipf.commons.ihe.xds.core.responses.Status;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HexFormat;

/**
 * The least a durable ITI-41 repository must do before it answers Success, with nothing of the engine's own
 * design: for each document, write its bytes to a file named by their SHA-1 and fsync it, then insert one row
 * (unique id, patient, class, type, creation time, hash, size) into an H2 file database opened as the engine
 * opens its own (WRITE_DELAY=0: the commit is written at once) and commit. No registry objects, no slots, no
 * associations, no checks, no journal. Run behind IPF's validators and audit, it is the floor of any
 * IPF-based repository that keeps its data in H2 on this machine.
 */
final class DurableMinimum {

    private final Path documents;
    private final String url;
    /** One connection per worker thread, as a pool would hand out. */
    private final ThreadLocal<Connection> connection;

    DurableMinimum(Path dir) throws IOException, SQLException {
        this.documents = Files.createDirectories(dir.resolve("documents"));
        this.url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("registry")
                + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;MAX_LENGTH_INPLACE_LOB=131072";
        try (var c = DriverManager.getConnection(url, "sa", ""); var s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS document (unique_id VARCHAR(128) PRIMARY KEY, "
                    + "patient_id VARCHAR(256) NOT NULL, class_code VARCHAR(64), type_code VARCHAR(64), "
                    + "creation_time VARCHAR(32), hash CHAR(40) NOT NULL, size BIGINT NOT NULL)");
        }
        this.connection = ThreadLocal.withInitial(() -> {
            try {
                return DriverManager.getConnection(url, "sa", "");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    Response store(ProvideAndRegisterDocumentSet request) throws Exception {
        var c = connection.get();
        c.setAutoCommit(false);
        try (var insert = c.prepareStatement("INSERT INTO document VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (var doc : request.getDocuments()) {
                var entry = doc.getDocumentEntry();
                var digest = MessageDigest.getInstance("SHA-1");
                var tmp = Files.createTempFile(documents, "incoming-", ".tmp");
                long size;
                try (var in = new DigestInputStream(doc.getDataHandler().getInputStream(), digest);
                     var channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    size = in.transferTo(Channels.newOutputStream(channel));
                    channel.force(true);
                }
                var hash = HexFormat.of().formatHex(digest.digest());
                Files.move(tmp, documents.resolve(hash), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
                insert.setString(1, entry.getUniqueId());
                insert.setString(2, entry.getPatientId().toString());
                insert.setString(3, entry.getClassCode() == null ? null : entry.getClassCode().getCode());
                insert.setString(4, entry.getTypeCode() == null ? null : entry.getTypeCode().getCode());
                insert.setString(5, entry.getCreationTime() == null ? null : entry.getCreationTime().toHL7());
                insert.setString(6, hash);
                insert.setLong(7, size);
                insert.addBatch();
            }
            insert.executeBatch();
            c.commit();
            return new Response(Status.SUCCESS);
        } catch (Exception e) {
            c.rollback();
            throw e;
        }
    }
}
