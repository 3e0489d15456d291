package org.qiao.support;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.util.UUID;

/**
 * A real, empty, migrated store for one test class: an H2 file database in a temporary folder, or a fresh
 * PostgreSQL schema when the system property qiao.test.db=postgres (see README).
 */
public final class TestDatabase implements AutoCloseable {

    public final DataSource dataSource;
    public final JdbcTemplate jdbc;
    public final TransactionTemplate tx;
    private final String schema;

    /** Applies the remaining migrations (after a partial migration). */
    public void migrate() {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    }

    public TestDatabase() throws Exception {
        this(null);
    }

    /** A store migrated up to {@code targetVersion} only (null: all migrations), to test a migration on data. */
    public TestDatabase(String targetVersion) throws Exception {
        if ("postgres".equals(System.getProperty("qiao.test.db", "h2"))) {
            schema = "ut_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            var url = System.getProperty("qiao.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
            var user = System.getProperty("qiao.test.pg.user", "postgres");
            new JdbcTemplate(new DriverManagerDataSource(url, user, "")).execute("CREATE SCHEMA " + schema);
            dataSource = new DriverManagerDataSource(url + "?currentSchema=" + schema, user, "");
        } else {
            schema = null;
            var dir = Files.createTempDirectory("qiao-h2-");
            dataSource = new DriverManagerDataSource("jdbc:h2:file:" + dir.resolve("test") + ";WRITE_DELAY=0;DB_CLOSE_DELAY=-1", "sa", "");
        }
        var flyway = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration");
        if (targetVersion != null) {
            flyway.target(targetVersion);
        }
        flyway.load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @Override
    public void close() {
        if (schema != null) {
            jdbc.execute("DROP SCHEMA " + schema + " CASCADE");
        } else {
            try {
                jdbc.execute("SHUTDOWN");
            } catch (org.springframework.dao.DataAccessException closedUnderneath) {
                // H2 closes the connection that ran SHUTDOWN before JDBC can close the statement
            }
        }
    }
}
