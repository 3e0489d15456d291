package org.qiao.routes.console;

import org.qiao.pix.Identifier;
import org.qiao.pix.PixManager;

/** The answer to an operator's decision: the person it changed, its regional id, whether cross-references changed. */
public record DecisionResponse(long personId, Identifier regionalId, boolean crossReferencesChanged) {

    static DecisionResponse of(PixManager.FeedResult result) {
        return new DecisionResponse(result.personId(), result.regionalId(), result.crossReferencesChanged());
    }
}
