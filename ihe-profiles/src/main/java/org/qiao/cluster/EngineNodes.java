package org.qiao.cluster;

import org.springframework.jdbc.core.JdbcTemplate;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** All SQL on engine_node (V16): the engine processes sharing this database, as each last reported itself. */
public class EngineNodes {

    public static final String SERVING = "SERVING";
    public static final String DRAINING = "DRAINING";
    public static final String STOPPED = "STOPPED";

    /** A process as it last reported: state and the outbox messages it held ("destination=id, ..."). */
    public record Node(String id, OffsetDateTime startedAt, OffsetDateTime heartbeatAt, String state, String claims) {
    }

    private final JdbcTemplate jdbc;

    public EngineNodes(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Writes this process's row (a restarted process with the same id takes its row over). */
    public void report(String id, OffsetDateTime startedAt, String state, String claims) {
        var now = OffsetDateTime.now(ZoneOffset.UTC);
        var clipped = claims == null || claims.length() <= 2000 ? claims : claims.substring(0, 1997) + "...";
        if (jdbc.update("UPDATE engine_node SET started_at = ?, heartbeat_at = ?, state = ?, claims = ? WHERE node_id = ?",
                startedAt, now, state, clipped, id) == 0) {
            try {
                jdbc.update("INSERT INTO engine_node (node_id, started_at, heartbeat_at, state, claims) VALUES (?, ?, ?, ?, ?)",
                        id, startedAt, now, state, clipped);
            } catch (org.springframework.dao.DuplicateKeyException reportedMeanwhile) {
                report(id, startedAt, state, claims);
            }
        }
    }

    /** The processes that ever reported, the most recently heard first (a silent one is down or cut off). */
    public List<Node> list(int max) {
        return jdbc.query("SELECT * FROM engine_node ORDER BY heartbeat_at DESC, node_id FETCH FIRST ? ROWS ONLY",
                (rs, i) -> new Node(rs.getString("node_id"), rs.getObject("started_at", OffsetDateTime.class),
                        rs.getObject("heartbeat_at", OffsetDateTime.class), rs.getString("state"),
                        rs.getString("claims")), max);
    }
}
