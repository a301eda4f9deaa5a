package io.wsengine.testing;

import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A client's side of permessage-deflate (RFC 7692 section 7.2), written straight on the JDK's zlib
 * and independent of the engine's codec: compresses what a client sends (sync flush, the
 * {@code 00 00 ff ff} tail stripped) and inflates what the server sent (the tail put back). With
 * context takeover each direction keeps one context across messages; without, every message starts
 * afresh. Close it to end zlib's memory.
 */
public final class ClientDeflate implements AutoCloseable {
    private static final byte[] TAIL = {0x00, 0x00, (byte) 0xFF, (byte) 0xFF};

    private final boolean clientTakeover;
    private final boolean serverTakeover;
    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    private final Inflater inflater = new Inflater(true);

    /**
     * @param clientTakeover whether the client's compressor keeps its context (no client_no_context_takeover)
     * @param serverTakeover whether the server's compressor keeps its (no server_no_context_takeover)
     */
    public ClientDeflate(boolean clientTakeover, boolean serverTakeover) {
        this.clientTakeover = clientTakeover;
        this.serverTakeover = serverTakeover;
    }

    /** {@return the compressed payload of a message, as a client sends it after RSV1} */
    public byte[] compress(byte[] message) {
        if (!clientTakeover) {
            deflater.reset();
        }
        deflater.setInput(message);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int count;
        do {
            count = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
            out.write(chunk, 0, count);
        } while (count == chunk.length);
        byte[] flushed = out.toByteArray();
        if (message.length == 0 && flushed.length == 0) {
            return new byte[] {0x00}; // a flush with nothing new writes nothing: the empty block's header, by hand
        }
        if (!Arrays.equals(flushed, flushed.length - 4, flushed.length, TAIL, 0, 4)) {
            throw new IllegalStateException("a sync flush that does not end with 00 00 ff ff");
        }
        return Arrays.copyOf(flushed, flushed.length - 4);
    }

    /** {@return the message a compressed payload from the server stands for} */
    public byte[] inflate(byte[] payload) {
        if (!serverTakeover) {
            inflater.reset();
        }
        byte[] input = Arrays.copyOf(payload, payload.length + 4);
        System.arraycopy(TAIL, 0, input, payload.length, 4);
        inflater.setInput(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try {
            int count;
            while ((count = inflater.inflate(chunk)) > 0) {
                out.write(chunk, 0, count);
            }
        } catch (DataFormatException e) {
            throw new UncheckedIOException(new java.io.IOException("the server's compressed payload is invalid", e));
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        deflater.end();
        inflater.end();
    }
}
