package org.qiao.routes.console;

import org.qiao.pix.Identifier;
import org.qiao.pix.LinkEventStore.LinkEvent;

import java.time.OffsetDateTime;

/** One audited link decision as the REST door shows it. */
public record LinkEventResponse(long id, String kind, String cause, Identifier a, Identifier b,
                                Long personABefore, Long personBBefore, Long personAAfter, Long personBAfter,
                                OffsetDateTime createdAt, Long undoneBy) {

    static LinkEventResponse of(LinkEvent e) {
        return new LinkEventResponse(e.id(), e.kind(), e.cause(), e.a(), e.b(), e.personABefore(), e.personBBefore(),
                e.personAAfter(), e.personBAfter(), e.createdAt(), e.undoneBy());
    }
}
