package org.qiao.pix;

import java.util.List;

/** Told, inside the same transaction, when a person's set of cross-referenced identifiers changed. */
public interface CrossReferenceListener {

    void crossReferencesChanged(long personId, List<Identifier> identifiers, Demographics latest);
}
