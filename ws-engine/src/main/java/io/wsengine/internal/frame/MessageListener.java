package io.wsengine.internal.frame;

import java.nio.ByteBuffer;

/** Receives whole messages and control frames from a {@link MessageAssembler}. */
public interface MessageListener {

    void onText(String text, int bytes);

    /** The buffer belongs to the listener: nothing else refers to it. */
    void onBinary(ByteBuffer data);

    void onPing(byte[] payload);

    void onPong(byte[] payload);

    /**
     * A valid close frame arrived.
     *
     * @param code   the received code, or 1005 when the frame had no payload
     * @param reason the received reason
     */
    void onCloseFrame(int code, String reason);
}
