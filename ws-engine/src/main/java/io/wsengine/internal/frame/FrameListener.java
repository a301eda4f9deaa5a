package io.wsengine.internal.frame;

import java.nio.ByteBuffer;

/** Receives the frames a {@link FrameParser} finds, piece by piece. May throw {@link ProtocolException}. */
public interface FrameListener {

    /**
     * A frame header is complete; its payload (possibly empty) follows.
     *
     * @param compressed RSV1 is set: the first frame of a compressed message (RFC 7692 section 6)
     */
    void onFrameStart(boolean fin, boolean compressed, int opcode, long payloadLength);

    /**
     * The next {@code length} payload bytes, still masked, are at {@code source}'s position; the
     * listener must consume exactly that many.
     *
     * @param payloadOffset where these bytes start within the frame's payload
     */
    void onFramePayload(ByteBuffer source, int length, int maskKey, long payloadOffset);

    /** The frame's payload is complete. */
    void onFrameEnd();
}
