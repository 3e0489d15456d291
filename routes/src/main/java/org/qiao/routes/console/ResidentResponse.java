package org.qiao.routes.console;

import org.qiao.pix.Demographics;
import org.qiao.pix.Identifier;
import org.qiao.pix.ResidentRecords.Resident;

import java.util.List;

/** A resident as the REST door shows it: its person, cross-referenced identifiers and every source's record. */
public record ResidentResponse(long personId, List<Identifier> identifiers, List<SourceRecord> records) {

    /** What one source sent, under its record key. */
    public record SourceRecord(Identifier key, String status, Demographics demographics) {
    }

    static ResidentResponse of(Resident r) {
        return new ResidentResponse(r.personId(), r.identifiers(), r.records().stream()
                .map(s -> new SourceRecord(s.key(), s.status(), s.demographics())).toList());
    }
}
