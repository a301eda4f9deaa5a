package io.wsengine.tls;

import io.wsengine.testing.RawWsClient;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * A TLS client with byte-level control: a client {@link SSLEngine} over a plain blocking socket. The
 * test decides what goes into each TCP write (a ClientHello a byte at a time, the client's last
 * handshake flight together with the upgrade request), and sees what {@link javax.net.ssl.SSLSocket}
 * hides: whether the server ended with a {@code close_notify} or cut the stream short, and how many
 * records carried no application data (post-handshake messages). Every read is bounded by the
 * socket timeout.
 */
final class EngineClient implements Closeable {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final Socket socket;
    private final SSLEngine engine;
    private final InputStream rawIn;
    private final OutputStream rawOut;
    /** Received bytes not yet unwrapped; read mode. */
    private ByteBuffer netIn;
    /** Plaintext unwrapped and not yet read; read mode. */
    private ByteBuffer appIn;
    private final DataInputStream plaintext;
    private boolean closeNotifyReceived;
    /** Records unwrapped after the handshake that produced no plaintext: tickets, key updates. */
    private int emptyRecords;

    private EngineClient(Socket socket, SSLEngine engine) throws IOException {
        this.socket = socket;
        this.engine = engine;
        this.rawIn = socket.getInputStream();
        this.rawOut = socket.getOutputStream();
        this.netIn = ByteBuffer.allocate(engine.getSession().getPacketBufferSize()).flip();
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize()).flip();
        this.plaintext = new DataInputStream(new PlaintextStream());
    }

    /**
     * Connects to {@code 127.0.0.1:port} as a client of {@code localhost}, the handshake not begun.
     *
     * @param setup     applied to the plain socket before it connects (a small receive buffer, say)
     * @param protocols the protocols to enable; the context's defaults when none
     */
    static EngineClient connect(int port, SSLContext context, RawWsClient.SocketSetup setup, String... protocols)
            throws IOException {
        Socket socket = new Socket();
        setup.apply(socket);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        // host and port name the session in the client's cache: a second client to the same server resumes it
        SSLEngine engine = context.createSSLEngine("localhost", port);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (protocols.length > 0) {
            parameters.setProtocols(protocols);
        }
        engine.setSSLParameters(parameters);
        engine.beginHandshake();
        return new EngineClient(socket, engine);
    }

    /** The ClientHello a client of {@code context} would send first: for clients that never finish. */
    static byte[] clientHello(SSLContext context) throws SSLException {
        SSLEngine engine = context.createSSLEngine("localhost", 443);
        engine.setUseClientMode(true);
        engine.beginHandshake();
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(EMPTY, out);
        byte[] hello = new byte[out.position()];
        out.flip().get(hello);
        return hello;
    }

    static EngineClient connect(int port, SSLContext context, String... protocols) throws IOException {
        return connect(port, context, socket -> { }, protocols);
    }

    /** Connects, runs the TLS handshake and the WebSocket upgrade on {@code path}; fails unless the answer is 101. */
    static EngineClient open(int port, String path, SSLContext context, String... protocols) throws IOException {
        return open(port, path, context, socket -> { }, protocols);
    }

    /** Like {@link #open(int, String, SSLContext, String...)}, applying {@code setup} to the plain socket first. */
    static EngineClient open(int port, String path, SSLContext context, RawWsClient.SocketSetup setup,
            String... protocols) throws IOException {
        EngineClient client = connect(port, context, setup, protocols);
        try {
            client.send(client.handshakeUntilLastFlight(EngineClient::sendAll));
            client.send(client.wrap(RawWsClient.upgradeRequest(path, port)));
            client.expect101();
            return client;
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    // ---- the handshake

    /** How a handshake flight goes to the server. */
    @FunctionalInterface
    interface Sender {
        void send(EngineClient client, byte[] flight) throws IOException;
    }

    static void sendAll(EngineClient client, byte[] flight) throws IOException {
        client.send(flight);
    }

    /** One TCP write per byte, briefly paced so that the server's reads see the records in pieces. */
    static void trickle(EngineClient client, byte[] flight) throws IOException {
        for (byte b : flight) {
            client.rawOut.write(b);
            client.rawOut.flush();
            LockSupport.parkNanos(200_000);
        }
    }

    /**
     * Runs the handshake through {@code sender} up to the client's last flight, which it returns unsent:
     * once it is out, the client's side is done. Empty when the server's flight ends the handshake
     * (a full TLS 1.2 handshake), so that the client has nothing left to send.
     */
    byte[] handshakeUntilLastFlight(Sender sender) throws IOException {
        while (true) {
            ByteArrayOutputStream flight = new ByteArrayOutputStream();
            HandshakeStatus status = wrapFlight(flight);
            if (done(status)) {
                return flight.toByteArray();
            }
            sender.send(this, flight.toByteArray());
            if (done(unwrapFlight())) {
                return new byte[0];
            }
        }
    }

    private static boolean done(HandshakeStatus status) {
        return status == HandshakeStatus.FINISHED || status == HandshakeStatus.NOT_HANDSHAKING;
    }

    /** Wraps every message the engine has to send now. */
    private HandshakeStatus wrapFlight(ByteArrayOutputStream flight) throws SSLException {
        HandshakeStatus status = engine.getHandshakeStatus();
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        while (true) {
            if (status == HandshakeStatus.NEED_TASK) {
                runTasks();
                status = engine.getHandshakeStatus();
            } else if (status == HandshakeStatus.NEED_WRAP) {
                out.clear();
                SSLEngineResult result = engine.wrap(EMPTY, out);
                flight.write(out.array(), 0, out.position());
                status = result.getHandshakeStatus();
            } else {
                return status;
            }
        }
    }

    /** Reads and unwraps the server's records while the handshake wants them. */
    private HandshakeStatus unwrapFlight() throws IOException {
        HandshakeStatus status = engine.getHandshakeStatus();
        while (status == HandshakeStatus.NEED_UNWRAP || status == HandshakeStatus.NEED_UNWRAP_AGAIN
                || status == HandshakeStatus.NEED_TASK) {
            if (status == HandshakeStatus.NEED_TASK) {
                runTasks();
                status = engine.getHandshakeStatus();
            } else {
                status = unwrapRecord().getHandshakeStatus();
                if (closeNotifyReceived) {
                    throw new EOFException("the server closed the TLS handshake");
                }
            }
        }
        return status;
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    // ---- application data

    /** Wraps plaintext into records, without sending them. */
    byte[] wrap(byte[] plain) throws SSLException {
        ByteBuffer in = ByteBuffer.wrap(plain);
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        do {
            out.clear();
            SSLEngineResult result = engine.wrap(in, out);
            if (result.getStatus() != SSLEngineResult.Status.OK) {
                throw new SSLException("cannot wrap: " + result);
            }
            records.write(out.array(), 0, out.position());
        } while (in.hasRemaining());
        return records.toByteArray();
    }

    byte[] wrap(String ascii) throws SSLException {
        return wrap(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Writes bytes as they are, in one write. */
    void send(byte[] wire) throws IOException {
        rawOut.write(wire);
        rawOut.flush();
    }

    /** Wraps and writes a masked text frame. */
    void sendText(String text) throws IOException {
        send(wrap(RawWsClient.text(text)));
    }

    /** Reads the response head and fails unless it is 101. */
    void expect101() throws IOException {
        String head = readResponseHead();
        if (!head.startsWith("HTTP/1.1 101 ")) {
            throw new IOException("expected 101, got: " + head);
        }
    }

    String readResponseHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = plaintext.read();
            if (b < 0) {
                throw new EOFException("the TLS stream ended inside the response head: " + head);
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads one server frame (servers never mask). */
    RawWsClient.Frame readFrame() throws IOException {
        int b0 = plaintext.readUnsignedByte();
        int b1 = plaintext.readUnsignedByte();
        long length = b1 & 0x7F;
        if (length == 126) {
            length = plaintext.readUnsignedShort();
        } else if (length == 127) {
            length = plaintext.readLong();
        }
        byte[] payload = new byte[Math.toIntExact(length)];
        plaintext.readFully(payload);
        return new RawWsClient.Frame((b0 & 0x80) != 0, (b0 >> 4) & 7, b0 & 0x0F, false, payload);
    }

    // ---- the end

    /** Sends a close_notify: the end of the client's output. */
    void sendCloseNotify() throws IOException {
        engine.closeOutbound();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        wrapFlight(out);
        send(out.toByteArray());
    }

    /**
     * Reads until the TLS stream ends: {@code true} after a close_notify, {@code false} if the TCP
     * stream ended (or was reset) without one. Plaintext read on the way is dropped.
     *
     * @throws SocketTimeoutException if neither came within the socket timeout
     */
    boolean readToEnd() throws IOException {
        try {
            while (plaintext.read() >= 0) {
                // dropped
            }
            return true;
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            return false; // the stream cut short, a reset, or an alert instead of close_notify
        }
    }

    /** Whether the TCP stream ends (after a close_notify, only that may come) within the socket timeout. */
    boolean socketEnds() throws IOException {
        try {
            return !netIn.hasRemaining() && rawIn.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    int emptyRecords() {
        return emptyRecords;
    }

    SSLEngine engine() {
        return engine;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    // ---- unwrapping

    /** Unwraps one record, reading the socket until one is whole. */
    private SSLEngineResult unwrapRecord() throws IOException {
        while (true) {
            boolean handshaking = !done(engine.getHandshakeStatus());
            appIn.compact();
            SSLEngineResult result;
            try {
                result = engine.unwrap(netIn, appIn);
            } finally {
                appIn.flip();
            }
            switch (result.getStatus()) {
                case OK -> {
                    if (!handshaking && result.bytesProduced() == 0 && result.bytesConsumed() > 0) {
                        emptyRecords++;
                    }
                    return result;
                }
                case CLOSED -> {
                    closeNotifyReceived = true;
                    return result;
                }
                case BUFFER_OVERFLOW -> appIn = ByteBuffer.allocate(appIn.capacity() * 2).put(appIn).flip();
                case BUFFER_UNDERFLOW -> readMore();
            }
        }
    }

    private void readMore() throws IOException {
        if (netIn.limit() == netIn.capacity() && netIn.position() == 0) {
            netIn = ByteBuffer.allocate(netIn.capacity() * 2).put(netIn).flip();
        }
        netIn.compact();
        int count;
        try {
            count = rawIn.read(netIn.array(), netIn.position(), netIn.remaining());
        } finally {
            netIn.flip();
        }
        if (count < 0) {
            throw new EOFException("the TCP stream ended without close_notify");
        }
        netIn.limit(netIn.limit() + count);
    }

    /** The plaintext the server sent, unwrapped as it is read; -1 after its close_notify. */
    private final class PlaintextStream extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            while (!appIn.hasRemaining()) {
                if (closeNotifyReceived) {
                    return -1;
                }
                unwrapRecord();
            }
            int count = Math.min(length, appIn.remaining());
            appIn.get(into, offset, count);
            return count;
        }
    }
}
