package io.wsengine.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A blocking WebSocket client on one socket, for what the load generator does not play: a close or a
 * reset at a chosen moment, pings, oversized and finely fragmented messages, a reader that stops
 * reading. Every read and the connect are bounded by the deadline given at {@link #open}; a write the
 * server never takes is ended by {@link #abort()} from another thread (the only method that may be
 * called from one). Frames are masked with a fresh random key, as RFC 6455 section 5.3 asks.
 */
public final class BlockingWsClient implements AutoCloseable {
    public static final int CONTINUATION = 0;
    public static final int TEXT = 1;
    public static final int BINARY = 2;
    public static final int CLOSE = 8;
    public static final int PING = 9;
    public static final int PONG = 10;

    /** One frame from the server; {@code payload} is unmasked (server frames are never masked). */
    public record Frame(boolean fin, int opcode, byte[] payload) {
        /** The status code of a close frame, 1005 when it has none. */
        public int closeCode() {
            return payload.length >= 2 ? (payload[0] & 0xFF) << 8 | (payload[1] & 0xFF) : 1005;
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final long deadline;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;

    private BlockingWsClient(Socket socket, long deadline) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.deadline = deadline;
    }

    /** Connects and upgrades; everything this client reads must arrive before {@code deadlineNanos} (nanoTime). */
    public static BlockingWsClient open(URI url, long deadlineNanos) throws IOException {
        return open(url, deadlineNanos, 0);
    }

    /** As {@link #open(URI, long)}, with a socket receive buffer of this size (0: the system's). */
    public static BlockingWsClient open(URI url, long deadlineNanos, int receiveBufferBytes) throws IOException {
        Socket socket = connect(url, deadlineNanos, receiveBufferBytes);
        BlockingWsClient client = new BlockingWsClient(socket, deadlineNanos);
        try {
            client.upgrade(url);
            return client;
        } catch (IOException | RuntimeException e) {
            client.abort();
            throw e;
        }
    }

    /** A plain TCP connection to the server of {@code url}, nothing sent yet. */
    public static Socket connect(URI url, long deadlineNanos, int receiveBufferBytes) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            if (receiveBufferBytes > 0) {
                socket.setReceiveBufferSize(receiveBufferBytes); // before connect, so the window is small from the start
            }
            socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), remainingMillis(deadlineNanos));
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** The bytes of an upgrade request for {@code url}, with a fresh key. */
    public static byte[] upgradeRequest(URI url) {
        return Handshake.request(url, Handshake.newKey());
    }

    private void upgrade(URI url) throws IOException {
        String key = Handshake.newKey();
        out.write(Handshake.request(url, key));
        byte[] head = new byte[4096];
        int length = 0;
        int end;
        while ((end = Handshake.endOfHead(head, length)) < 0) {
            if (length == head.length) {
                throw new IOException("handshake response head larger than " + head.length + " bytes");
            }
            int n = readSome(head, length, head.length - length);
            length += n;
        }
        String problem = Handshake.check(new String(head, 0, end, StandardCharsets.ISO_8859_1), key);
        if (problem != null) {
            throw new IOException(problem);
        }
        // What followed the head already belongs to the frames.
        System.arraycopy(head, end, buffer, 0, length - end);
        position = 0;
        limit = length - end;
    }

    // ---------------------------------------------------------------- writing

    /** Sends a whole message in one frame. */
    public void send(int opcode, byte[] payload) throws IOException {
        sendFrame(true, opcode, payload, 0, payload.length);
    }

    public void sendFrame(boolean fin, int opcode, byte[] payload, int offset, int length) throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(headerLength(length) + length);
        putFrame(frame, fin, opcode, payload, offset, length);
        out.write(frame.array(), 0, frame.position());
    }

    /** Writes bytes as they are: part of a frame, prebuilt frames ({@link #fragmented}), half a request. */
    public void write(byte[] raw, int offset, int length) throws IOException {
        out.write(raw, offset, length);
    }

    /** Sends a close frame with this code; the caller then reads the server's close. */
    public void sendClose(int code) throws IOException {
        send(CLOSE, new byte[] {(byte) (code >>> 8), (byte) code});
    }

    /**
     * The wire bytes of one message in fragments of {@code fragmentBytes} (the first frame carries the
     * opcode, the rest are continuations, the last has FIN), each masked with its own key.
     */
    public static byte[] fragmented(int opcode, byte[] payload, int fragmentBytes) {
        int frames = Math.max(1, (payload.length + fragmentBytes - 1) / fragmentBytes);
        long size = 0;
        for (int i = 0; i < frames; i++) {
            int length = Math.min(fragmentBytes, payload.length - i * fragmentBytes);
            size += headerLength(length) + length;
        }
        ByteBuffer wire = ByteBuffer.allocate(Math.toIntExact(size));
        for (int i = 0; i < frames; i++) {
            int offset = i * fragmentBytes;
            int length = Math.min(fragmentBytes, payload.length - offset);
            putFrame(wire, i == frames - 1, i == 0 ? opcode : CONTINUATION, payload, offset, length);
        }
        return wire.array();
    }

    /** Header of a masked client frame: 2 bytes, the extended length, the 4-byte key. */
    static int headerLength(long payloadLength) {
        return (payloadLength < 126 ? 2 : payloadLength < 65536 ? 4 : 10) + 4;
    }

    /** Appends a masked frame header declaring {@code length} payload bytes, with key 0 (payload unchanged). */
    public static void putHeader(ByteBuffer target, boolean fin, int opcode, long length) {
        target.put((byte) ((fin ? 0x80 : 0) | opcode));
        if (length < 126) {
            target.put((byte) (0x80 | length));
        } else if (length < 65536) {
            target.put((byte) (0x80 | 126)).putShort((short) length);
        } else {
            target.put((byte) (0x80 | 127)).putLong(length);
        }
        target.putInt(0);
    }

    private static void putFrame(ByteBuffer target, boolean fin, int opcode, byte[] payload, int offset, int length) {
        target.put((byte) ((fin ? 0x80 : 0) | opcode));
        if (length < 126) {
            target.put((byte) (0x80 | length));
        } else if (length < 65536) {
            target.put((byte) (0x80 | 126)).putShort((short) length);
        } else {
            target.put((byte) (0x80 | 127)).putLong(length);
        }
        int key = ThreadLocalRandom.current().nextInt();
        target.putInt(key);
        for (int i = 0; i < length; i++) {
            target.put((byte) (payload[offset + i] ^ (key >>> (24 - 8 * (i & 3)))));
        }
    }

    // ---------------------------------------------------------------- reading

    /** The next frame; throws {@link EOFException} when the server ends the connection first. */
    public Frame readFrame() throws IOException {
        int b0 = readByte();
        int b1 = readByte();
        if ((b1 & 0x80) != 0) {
            throw new IOException("the server sent a masked frame");
        }
        long length = b1 & 0x7F;
        if (length == 126) {
            length = (long) readByte() << 8 | readByte();
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = length << 8 | readByte();
            }
        }
        if (length > Integer.MAX_VALUE - 8) {
            throw new IOException("frame of " + length + " bytes");
        }
        byte[] payload = new byte[(int) length];
        readFully(payload, 0, payload.length);
        return new Frame((b0 & 0x80) != 0, b0 & 0x0F, payload);
    }

    /**
     * The next data message, its fragments joined, or the next control frame (returned as it is, a
     * ping unanswered): the frame's opcode tells which.
     */
    public Frame readMessage() throws IOException {
        Frame first = readFrame();
        if (first.opcode() >= CLOSE || first.fin()) {
            return first;
        }
        byte[] joined = first.payload();
        int length = joined.length;
        Frame next;
        do {
            next = readFrame();
            if (next.opcode() >= CLOSE) {
                throw new IOException("control frame inside a fragmented message (opcode " + next.opcode() + ")");
            }
            if (next.opcode() != CONTINUATION) {
                throw new IOException("opcode " + next.opcode() + " inside a fragmented message");
            }
            if (length + next.payload().length > joined.length) {
                joined = Arrays.copyOf(joined, Math.max(length + next.payload().length, 2 * joined.length));
            }
            System.arraycopy(next.payload(), 0, joined, length, next.payload().length);
            length += next.payload().length;
        } while (!next.fin());
        return new Frame(true, first.opcode(), length == joined.length ? joined : Arrays.copyOf(joined, length));
    }

    /**
     * Reads until the server's close frame, skipping data and pings, and then until the server ends
     * the TCP connection (a server closes it first, RFC 6455 section 7.1.1). Returns the close code;
     * throws if the connection ends without a close frame or stays open after it.
     */
    public int awaitCloseAndEnd() throws IOException {
        Frame frame;
        do {
            frame = readFrame();
        } while (frame.opcode() != CLOSE);
        awaitEnd();
        return frame.closeCode();
    }

    /** Reads until the server ends the connection; anything but the end is an error. */
    public void awaitEnd() throws IOException {
        try {
            int b = readByte();
            throw new IOException("byte " + b + " after the server's close frame");
        } catch (EOFException expected) {
            // the server closed its side
        }
    }

    private int readByte() throws IOException {
        if (position == limit) {
            fill();
        }
        return buffer[position++] & 0xFF;
    }

    private void readFully(byte[] target, int offset, int length) throws IOException {
        while (length > 0) {
            if (position == limit) {
                if (length >= buffer.length) {
                    int n = readSome(target, offset, length); // large payloads skip the buffer
                    offset += n;
                    length -= n;
                    continue;
                }
                fill();
            }
            int n = Math.min(length, limit - position);
            System.arraycopy(buffer, position, target, offset, n);
            position += n;
            offset += n;
            length -= n;
        }
    }

    private void fill() throws IOException {
        position = 0;
        limit = 0;
        limit = readSome(buffer, 0, buffer.length);
    }

    private int readSome(byte[] target, int offset, int length) throws IOException {
        socket.setSoTimeout(remainingMillis(deadline));
        int n = in.read(target, offset, length);
        if (n < 0) {
            throw new EOFException("the server ended the connection");
        }
        return n;
    }

    private static int remainingMillis(long deadlineNanos) throws SocketTimeoutException {
        long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    // ---------------------------------------------------------------- ending

    /** Sends a FIN: nothing more will be written; reading goes on. */
    public void finishOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** Ends the connection with a reset (SO_LINGER 0): no close handshake, no TIME_WAIT. Any thread. */
    public void abort() {
        reset(socket);
    }

    /** Resets a plain socket (SO_LINGER 0, then close). */
    public static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // closed already: close below does nothing
        }
        try {
            socket.close();
        } catch (IOException e) {
            // gone anyway
        }
    }

    /** Closes the socket (a FIN); after {@link #awaitCloseAndEnd()} the server has closed already. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // gone anyway
        }
    }
}
