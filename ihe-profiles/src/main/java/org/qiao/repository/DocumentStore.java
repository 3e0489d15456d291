package org.qiao.repository;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** Where document bytes live, addressed by their SHA-1 (hex). */
public interface DocumentStore {

    /** What {@link #put} stored: the address, the size, and whether the bytes were new to the store. */
    record Stored(String sha1, long size, boolean created) {
    }

    Stored put(InputStream content) throws IOException;

    Optional<InputStream> get(String sha1) throws IOException;

    /** Removes bytes that a failed submission wrote (and nobody else refers to). */
    void delete(String sha1) throws IOException;
}
