package org.qiao.cluster;

import ca.uhn.hl7v2.util.idgenerator.IDGenerator;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Locale;

/**
 * MSH-10 message control ids for the messages this engine writes (ITI-10 notifications, ACKs), unique across every
 * process on the database and across restarts: each process takes a block of {@link #BLOCK} numbers from the
 * sequence hl7_control_id_block (V16) and hands them out in order. HAPI's own generator keeps its counter in a file
 * of the process's data folder, so two processes would repeat each other's ids, and a receiver that drops
 * repeats by MSH-10 (HL7 v2.5 2.10.2) would lose a notification. At most 20 characters (MSH-10 is ST(20)).
 */
public class ControlIds implements IDGenerator {

    public static final int BLOCK = 1000;

    private final JdbcTemplate jdbc;
    private String nextBlockSql;
    private long next;
    private long end;

    public ControlIds(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public synchronized String getID() {
        if (next >= end) {
            Long block = jdbc.queryForObject(nextBlockSql(), Long.class);
            next = block * BLOCK;
            end = next + BLOCK;
        }
        return Long.toString(next++);
    }

    private String nextBlockSql() {
        if (nextBlockSql == null) {
            var product = jdbc.execute((ConnectionCallback<String>) c -> c.getMetaData().getDatabaseProductName());
            nextBlockSql = product != null && product.toLowerCase(Locale.ROOT).contains("postgres")
                    ? "SELECT nextval('hl7_control_id_block')"
                    : "SELECT NEXT VALUE FOR hl7_control_id_block";
        }
        return nextBlockSql;
    }
}
