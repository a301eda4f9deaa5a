package io.wsengine.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * What a compressed message's payload stands for, by RFC 7692 section 7.2.2 read plainly, on the
 * JDK's raw inflater: the payload with {@code 00 00 ff ff} appended (unless its deflate stream ended
 * in a final block), inflated whole. Payload bytes after a final block make the data invalid; bytes
 * of the appended tail left over when a final block ends inside it do not, as they are not the
 * sender's. With context takeover the window carries over to the next message; a stream that ended
 * starts anew. Close it to end zlib's memory.
 */
final class InflateReference implements AutoCloseable {
    private static final byte[] TAIL = {0x00, 0x00, (byte) 0xFF, (byte) 0xFF};

    private final boolean contextTakeover;
    private final long limit;
    private final Inflater inflater = new Inflater(true);

    /** @param limit output beyond which a message is not inflated further */
    InflateReference(boolean contextTakeover, long limit) {
        this.contextTakeover = contextTakeover;
        this.limit = limit;
    }

    /** {@return the message, or null if its data is invalid or it inflates past the limit} */
    byte[] inflate(byte[] payload) {
        if (!contextTakeover) {
            inflater.reset();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            inflater.setInput(payload);
            if (!drain(out, false)) {
                return null;
            }
            if (!inflater.finished()) {
                inflater.setInput(TAIL);
                if (!drain(out, true)) {
                    return null;
                }
            }
        } catch (DataFormatException e) {
            return null;
        }
        if (inflater.finished()) {
            inflater.reset();
        }
        return out.toByteArray();
    }

    /**
     * Inflates what was set; false if the output passed the limit, the data wants a dictionary, or
     * (unless it is the tail) input is left after a final block.
     */
    private boolean drain(ByteArrayOutputStream out, boolean tail) throws DataFormatException {
        byte[] chunk = new byte[4096];
        while (true) {
            int count = inflater.inflate(chunk);
            out.write(chunk, 0, count);
            if (out.size() > limit) {
                return false;
            }
            if (count == 0) {
                if (inflater.finished()) {
                    return tail || inflater.getRemaining() == 0;
                }
                if (inflater.needsInput()) {
                    return true;
                }
                return false;
            }
        }
    }

    @Override
    public void close() {
        inflater.end();
    }
}
