package io.wsengine.internal.deflate;

import io.wsengine.internal.frame.Masking;
import io.wsengine.internal.frame.ProtocolException;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses one connection's compressed messages (RFC 7692 section 7.2.2), as their frames arrive,
 * in pieces of any size. What comes out goes onward at once, a bounded chunk at a time, so whoever
 * takes it can count it against the message limit before it is kept anywhere: a small frame that
 * would inflate to gigabytes costs only what the taker keeps.
 *
 * <p>With context takeover (the client did not promise {@code client_no_context_takeover}) the
 * connection owns its inflater, made at its first compressed message, and with it zlib's window:
 * the next message may refer back into this one. Without it, an inflater is borrowed from the loop's
 * {@link ZlibPool} for each message and given back at its end, so between messages the connection
 * holds none. Event loop only.
 */
public final class MessageInflater {
    /** The empty stored block's length bytes that the sender stripped (section 7.2.1); put back at the end. */
    private static final byte[] TAIL = {0x00, 0x00, (byte) 0xFF, (byte) 0xFF};

    /** Takes inflated bytes; the array is scratch, valid only during the call. */
    @FunctionalInterface
    public interface Output {
        /**
         * Takes the next inflated bytes.
         *
         * @param chunk  scratch holding them, valid only during the call
         * @param offset where they start in {@code chunk}
         * @param length how many there are
         */
        void inflated(byte[] chunk, int offset, int length);

        /**
         * {@return how many more bytes the output takes before its limit} The inflater asks zlib for no
         * more than that, and once it is reached, gives zlib the input a byte at a time. An error that
         * zlib meets loses all that the same call inflated, and zlib reads on past a full output into
         * the next block's header: without this, data that inflates past the limit before it turns
         * invalid would fail as invalid when it arrives whole and as too big when it arrives in
         * pieces. With it, what comes first in the stream decides, however the bytes arrive.
         */
        default long room() {
            return Long.MAX_VALUE;
        }
    }

    private final ZlibPool pool;
    private final boolean contextTakeover;
    /** Owned with context takeover (once a message came); borrowed during a message otherwise; else null. */
    private Inflater inflater;

    /**
     * @param pool            the loop's pool, for the inflaters of messages without context takeover
     * @param contextTakeover whether the client keeps its compression context between messages
     */
    public MessageInflater(ZlibPool pool, boolean contextTakeover) {
        this.pool = pool;
        this.contextTakeover = contextTakeover;
    }

    /**
     * Inflates the next {@code length} bytes of the message's compressed payload, still masked, from
     * {@code source}'s position, which it advances by that many.
     *
     * @param payloadOffset where these bytes start in their frame's payload, for the masking key
     * @throws ProtocolException {@code 1007} if the bytes are not valid deflate data
     */
    public void inflateMasked(ByteBuffer source, int length, int maskKey, long payloadOffset, Output output) {
        byte[] unmasked = pool.compressedScratch();
        for (int done = 0; done < length; ) {
            int chunk = Math.min(length - done, unmasked.length);
            source.get(unmasked, 0, chunk);
            Masking.unmask(unmasked, 0, chunk, maskKey, payloadOffset + done);
            inflate(unmasked, 0, chunk, output);
            done += chunk;
        }
    }

    /**
     * Inflates the next bytes of the message's compressed payload, unmasked.
     *
     * @throws ProtocolException {@code 1007} if the bytes are not valid deflate data
     */
    public void inflate(byte[] compressed, int offset, int length, Output output) {
        if (length == 0) {
            return;
        }
        feed(current(), compressed, offset, length, false, output);
    }

    /**
     * Inflates these bytes: all of them at once while the output has room; once it has none
     * ({@link Output#room()}), a byte at a time, each after what zlib still owes from the bytes
     * before it, as if they had arrived one by one.
     *
     * @param tail whether the bytes are the tail put back, which a final block may leave unread
     */
    private void feed(Inflater current, byte[] input, int offset, int length, boolean tail, Output output) {
        int end = offset + length;
        for (int at = offset; at < end; ) {
            if (current.finished()) {
                if (tail) {
                    return; // the stream ended inside the tail: the rest of it is not the sender's
                }
                throw ProtocolException.invalidPayload("compressed data after the final deflate block");
            }
            int piece = end - at;
            if (output.room() <= 0) {
                // First what zlib owes from bytes it has read (a match it could not finish copying):
                // past the limit, the output fails before an error in the bytes after it could hide it.
                current.setInput(input, at, 0);
                drain(current, output);
                if (current.finished()) {
                    continue;
                }
                piece = 1;
            }
            current.setInput(input, at, piece);
            drain(current, output);
            at += piece - current.getRemaining();
        }
    }

    /**
     * Ends the message: puts back the stripped tail and hands on what it still yields. Without context
     * takeover the inflater goes back to the pool.
     *
     * @throws ProtocolException {@code 1007} if the message's deflate data is invalid or cut short
     */
    public void finish(Output output) {
        Inflater current = current();
        try {
            if (!current.finished()) { // a final block (BFINAL, section 7.2.3.4) needs no tail
                feed(current, TAIL, 0, TAIL.length, true, output);
            }
            if (current.finished()) {
                current.reset(); // the sender's stream ended: its next message starts a new one
            }
        } finally {
            if (!contextTakeover) {
                inflater = null;
                pool.giveBack(current);
            }
        }
    }

    /** Lets go of the inflater: ended if the connection owned it, given back if borrowed. The connection is gone. */
    public void release() {
        Inflater held = inflater;
        inflater = null;
        if (held == null) {
            return;
        }
        if (contextTakeover) {
            Zlib.end(held);
        } else {
            pool.giveBack(held);
        }
    }

    /** {@return whether an inflater, and with it zlib's memory, is held now} */
    public boolean holdsInflater() {
        return inflater != null;
    }

    private Inflater current() {
        if (inflater == null) {
            inflater = contextTakeover ? Zlib.newInflater() : pool.borrowInflater();
        }
        return inflater;
    }

    /**
     * Inflates until the input is used up, handing on each piece as it comes, no larger than the
     * output's room (one byte once it has none, which it then refuses); returns early, input left,
     * when the room runs out, so that the rest goes in a byte at a time.
     */
    private void drain(Inflater current, Output output) {
        byte[] scratch = pool.inflatedScratch();
        try {
            while (true) {
                long room = output.room();
                int count = current.inflate(scratch, 0, room <= 0 ? 1 : (int) Math.min(scratch.length, room));
                if (count > 0) {
                    output.inflated(scratch, 0, count);
                    if (output.room() <= 0 && current.getRemaining() > 0) {
                        return;
                    }
                } else if (current.needsInput() || current.finished()) {
                    return;
                } else {
                    // a raw stream never asks for a dictionary; and input left unread would be lost
                    throw ProtocolException.invalidPayload("invalid deflate data");
                }
            }
        } catch (DataFormatException e) {
            throw ProtocolException.invalidPayload("invalid deflate data: " + e.getMessage());
        }
    }
}
