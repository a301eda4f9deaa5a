package io.wsengine.testing;

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
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A blocking socket that speaks just enough WebSocket to send what well-behaved clients never send:
 * any request head, any frame (masked or not, reserved bits, bad lengths), byte by byte if asked.
 * Every read is bounded by a socket timeout.
 */
public final class RawWsClient implements Closeable {
    public static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    /** A frame as the server sent it. */
    public record Frame(boolean fin, int rsv, int opcode, boolean masked, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The close code of a close frame; 1005 when it has no payload. */
        public int closeCode() {
            return payload.length < 2 ? 1005 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }

        public String closeReason() {
            return payload.length < 2 ? "" : new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawWsClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Sets socket options that must be set before connecting, such as the receive buffer size. */
    @FunctionalInterface
    public interface SocketSetup {
        void apply(Socket socket) throws IOException;
    }

    public static RawWsClient connect(int port) throws IOException {
        return connect(port, socket -> { });
    }

    /** Connects after applying {@code setup} to the unconnected socket. */
    public static RawWsClient connect(int port, SocketSetup setup) throws IOException {
        Socket socket = new Socket();
        setup.apply(socket);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        return new RawWsClient(socket);
    }

    /**
     * Connects over TLS to {@code localhost}, trusting what {@code tls} trusts, and completes the TLS
     * handshake (not the WebSocket one).
     */
    public static RawWsClient connectTls(int port, SSLContext tls) throws IOException {
        return connectTls(port, tls, socket -> { });
    }

    /** Like {@link #connectTls(int, SSLContext)}, applying {@code setup} to the TLS socket before its handshake. */
    public static RawWsClient connectTls(int port, SSLContext tls, TlsSetup setup) throws IOException {
        return connectTls(port, tls, plain -> { }, setup);
    }

    /**
     * Like {@link #connectTls(int, SSLContext, TlsSetup)}, applying {@code before} to the TCP socket
     * before it connects (such as its receive buffer size).
     */
    public static RawWsClient connectTls(int port, SSLContext tls, SocketSetup before, TlsSetup setup)
            throws IOException {
        Socket plain = new Socket();
        before.apply(plain);
        plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, "localhost", port, true);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        setup.apply(socket);
        socket.startHandshake();
        return new RawWsClient(socket);
    }

    /** Sets what a TLS socket needs before its handshake, such as its protocols. */
    @FunctionalInterface
    public interface TlsSetup {
        void apply(SSLSocket socket) throws IOException;
    }

    /** Connects over TLS and completes a valid WebSocket handshake on {@code path}; fails unless the answer is 101. */
    public static RawWsClient openTls(int port, String path, SSLContext tls) throws IOException {
        RawWsClient client = connectTls(port, tls);
        return upgraded(client, path, port);
    }

    /** Like {@link #openTls(int, String, SSLContext)}, applying {@code setup} to the TCP socket before it connects. */
    public static RawWsClient openTls(int port, String path, SSLContext tls, SocketSetup setup) throws IOException {
        RawWsClient client = connectTls(port, tls, setup, socket -> { });
        return upgraded(client, path, port);
    }

    /** Connects and completes a valid handshake on {@code path}; fails unless the answer is 101. */
    public static RawWsClient open(int port, String path) throws IOException {
        return open(port, path, socket -> { });
    }

    /** Like {@link #open(int, String)}, applying {@code setup} to the socket before connecting. */
    public static RawWsClient open(int port, String path, SocketSetup setup) throws IOException {
        RawWsClient client = connect(port, setup);
        return upgraded(client, path, port);
    }

    /** Sends a valid upgrade request on a connected client; fails (closing it) unless the answer is 101. */
    private static RawWsClient upgraded(RawWsClient client, String path, int port) throws IOException {
        client.sendRaw(upgradeRequest(path, port));
        String head = client.readResponseHead();
        if (!head.startsWith("HTTP/1.1 101 ")) {
            client.close();
            throw new IOException("expected 101, got: " + head);
        }
        return client;
    }

    /** A valid upgrade request head. */
    public static String upgradeRequest(String path, int port) {
        return upgradeRequest(path, port, "");
    }

    /** A valid upgrade request head with extra header lines (each ending in CRLF). */
    public static String upgradeRequest(String path, int port, String extraHeaders) {
        return "GET " + path + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + KEY + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + extraHeaders
                + "\r\n";
    }

    public Socket socket() {
        return socket;
    }

    public void setReadTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    public RawWsClient sendRaw(String ascii) throws IOException {
        return sendRaw(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawWsClient sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Sends the bytes one write at a time. */
    public RawWsClient trickle(byte[] bytes) throws IOException {
        for (byte b : bytes) {
            out.write(b);
            out.flush();
        }
        return this;
    }

    /** Reads the HTTP response head (status line and headers) up to the empty line. */
    public String readResponseHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed inside the response head: " + head);
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads a whole HTTP response: head and the Content-Length body. */
    public String readResponse() throws IOException {
        String head = readResponseHead();
        int length = 0;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = new byte[length];
        in.readFully(body);
        String text = new String(body, StandardCharsets.UTF_8);
        ClientSafety.check("response body", text);
        return head + text;
    }

    // ---- frames

    /** Encodes one client frame, masked with a random key. */
    public static byte[] frame(boolean fin, int opcode, byte[] payload) {
        return frame(fin, 0, opcode, true, payload);
    }

    /** Encodes one frame with full control over the header bits. */
    public static byte[] frame(boolean fin, int rsv, int opcode, boolean masked, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write((fin ? 0x80 : 0) | (rsv << 4) | opcode);
        int maskBit = masked ? 0x80 : 0;
        if (payload.length <= 125) {
            frame.write(maskBit | payload.length);
        } else if (payload.length <= 0xFFFF) {
            frame.write(maskBit | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length);
        } else {
            frame.write(maskBit | 127);
            long length = payload.length;
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) (length >>> shift));
            }
        }
        byte[] body = payload.clone();
        if (masked) {
            byte[] key = new byte[4];
            ThreadLocalRandom.current().nextBytes(key);
            frame.writeBytes(key);
            for (int i = 0; i < body.length; i++) {
                body[i] ^= key[i & 3];
            }
        }
        frame.writeBytes(body);
        return frame.toByteArray();
    }

    /**
     * Encodes only the header of a masked frame that declares {@code payloadLength} bytes, for
     * lengths no array could hold or to send a payload in pieces. The masking key is all zeros, so
     * payload bytes sent after it go as they are. The length is unsigned: a negative one sets the
     * high bit of the 64-bit length, which RFC 6455 forbids.
     */
    public static byte[] frameHeader(boolean fin, int opcode, long payloadLength) {
        ByteArrayOutputStream header = new ByteArrayOutputStream(14);
        header.write((fin ? 0x80 : 0) | opcode);
        if (Long.compareUnsigned(payloadLength, 125) <= 0) {
            header.write(0x80 | (int) payloadLength);
        } else if (Long.compareUnsigned(payloadLength, 0xFFFF) <= 0) {
            header.write(0x80 | 126);
            header.write((int) (payloadLength >>> 8));
            header.write((int) payloadLength);
        } else {
            header.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                header.write((int) (payloadLength >>> shift));
            }
        }
        header.writeBytes(new byte[4]);
        return header.toByteArray();
    }

    public static byte[] text(String text) {
        return frame(true, 0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] close(int code, String reason) {
        byte[] reasonBytes = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + reasonBytes.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(reasonBytes, 0, payload, 2, reasonBytes.length);
        return frame(true, 0x8, payload);
    }

    public RawWsClient sendFrame(boolean fin, int opcode, byte[] payload) throws IOException {
        return sendRaw(frame(fin, opcode, payload));
    }

    public RawWsClient sendText(String text) throws IOException {
        return sendRaw(text(text));
    }

    public RawWsClient sendClose(int code, String reason) throws IOException {
        return sendRaw(close(code, reason));
    }

    /** Reads one frame sent by the server. */
    public Frame readFrame() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long length = b1 & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        boolean masked = (b1 & 0x80) != 0;
        byte[] key = new byte[4];
        if (masked) {
            in.readFully(key);
        }
        byte[] payload = new byte[Math.toIntExact(length)];
        in.readFully(payload);
        if (masked) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= key[i & 3];
            }
        }
        Frame frame = new Frame((b0 & 0x80) != 0, (b0 >> 4) & 0x7, b0 & 0x0F, masked, payload);
        if (frame.opcode() == 0x8 && payload.length > 2) {
            ClientSafety.check("close reason", frame.closeReason());
        }
        return frame;
    }

    /** Reads frames until a close frame and returns it; other frames are skipped. */
    public Frame readClose() throws IOException {
        while (true) {
            Frame frame = readFrame();
            if (frame.opcode() == 0x8) {
                return frame;
            }
        }
    }

    /** Whether the server closed the connection (end of stream) within the socket timeout. */
    public boolean awaitEndOfStream() throws IOException {
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the server counts as closed
        }
    }

    /**
     * Reads until the server closes the connection and returns what arrived before the end; a reset
     * counts as closed.
     *
     * @throws SocketTimeoutException if the connection is still open after the socket timeout
     */
    public byte[] readUntilClosed() throws IOException {
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try {
            int count;
            while ((count = in.read(chunk)) >= 0) {
                rest.write(chunk, 0, count);
            }
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            // reset by the server counts as closed
        }
        return rest.toByteArray();
    }

    public InputStream input() {
        return in;
    }

    public static String randomKey() {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
