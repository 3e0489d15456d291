package org.qiao.routes.mllp;

/** Told about bytes that never formed a frame (so they can be journaled before the connection closes). */
public interface FramingErrorListener {
    void framingError(String remote, byte[] data, String reason);
}
