package org.qiao.routes.mllp;

/** A frame longer than the configured limit: its first bytes (for the MSH) and its full length. */
public record OversizedFrame(byte[] head, long length, int limit) {
}
