package io.wsengine.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * One selector thread of the load generator and the connections it owns: connects and upgrades
 * them, writes masked frames, parses the server's frames as they arrive (straight out of one
 * reusable read buffer) and checks every message. For {@code wss://} the bytes go through
 * {@link ClientTls} on the same thread, and a connection's TLS handshake is part of its connect.
 */
final class ClientWorker implements Runnable {
    static final long MAX_LATENCY_NANOS = TimeUnit.MINUTES.toNanos(2);
    private static final int TEXT = 1;
    private static final int BINARY = 2;
    private static final int CLOSE = 8;
    private static final int PING = 9;
    private static final int PONG = 10;

    static final int CONNECTING = 0;
    static final int HANDSHAKE = 1;
    static final int OPEN = 2;
    static final int CLOSING = 3;
    static final int CLOSED = 4;

    private final LoadRun run;
    private final LoadOptions opt;
    private final int index;
    private final Selector selector;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(256 * 1024);
    private final ArrayDeque<ClientConn> notStarted = new ArrayDeque<>();
    private final ArrayDeque<ClientConn> inProgress = new ArrayDeque<>();
    private final List<ClientConn> conns = new ArrayList<>();
    private final List<ClientConn> dirty = new ArrayList<>();
    private final Payloads payloads;
    private final byte[] scratch;
    private final int maxConnecting;
    private final int dataOpcode;
    /** Null for {@code ws://}. */
    private final ClientTls tls;
    /** The compressed connections' shared output buffers; null when the run does not offer compression. */
    private final ClientDeflate.Buffers deflateBuffers;
    /** Connect-only with compression: each connection echoes one message, then idles. */
    private final boolean oneMessageThenIdle;
    /** What the messages do: the run's mode, except ECHO for the one message of {@link #oneMessageThenIdle}. */
    private final LoadOptions.Mode traffic;
    /** Inflated bytes handed to the checks of the connection being read (one at a time on this thread). */
    private final ClientDeflate.Sink inflated = bytes -> {
        if (this.current.state != CLOSED) { // a check may have failed on an earlier piece of the same frame
            messageBytes(this.current, bytes, bytes.remaining());
        }
    };
    private ClientConn current;

    final Histogram histogram = new Histogram(MAX_LATENCY_NANOS, 3);
    /** Messages (echoes or deliveries) completed inside the measurement window. */
    long windowMessages;
    /** Broadcast: messages published. */
    long published;
    /** Broadcast: deliveries that arrived inside the measurement window, whenever published. */
    long windowArrivals;
    /** WebSocket bytes (frames and their headers; TLS records not counted) written and read during the window. */
    long windowBytesSent;
    long windowBytesReceived;
    /** The first {@code Sec-WebSocket-Extensions} a server answered on this thread; null before any. */
    volatile String agreedExtensions;

    volatile boolean drained;
    /** Echoes or deliveries still expected on open connections, once the measurement is over. */
    volatile long missing;
    volatile int openCount;
    volatile int failedCount;
    volatile boolean finished;

    private long now;
    private long pending;
    private boolean started;
    private boolean closing;
    private boolean exit;
    private long warmupEnd;
    private long measureEnd;
    private long closeDeadline;
    private ClientConn publisher;
    private long nextPublish;
    private long bytesSent;
    private long bytesReceived;
    private long bytesSentAtWindowStart = -1;
    private long bytesReceivedAtWindowStart;
    private boolean windowCounted;

    ClientWorker(LoadRun run, int index, List<Integer> connectionIds, boolean withPublisher) throws IOException {
        this.run = run;
        this.opt = run.options;
        this.index = index;
        this.selector = Selector.open();
        this.payloads = run.payloads;
        this.scratch = new byte[Math.max(opt.size, 256)];
        this.maxConnecting = Math.max(1, opt.maxConnecting / opt.threads);
        this.dataOpcode = opt.binary && opt.mode == LoadOptions.Mode.ECHO ? BINARY : TEXT;
        this.tls = opt.tls == null ? null : new ClientTls(opt.tls, readBuffer.capacity());
        this.deflateBuffers = opt.deflate == null ? null : new ClientDeflate.Buffers();
        this.oneMessageThenIdle = opt.oneMessageThenIdle();
        this.traffic = oneMessageThenIdle ? LoadOptions.Mode.ECHO : opt.mode;
        if (withPublisher) {
            publisher = new ClientConn(-1);
            publisher.publisher = true;
            publisher.url = opt.urlOf(-1);
            notStarted.add(publisher);
        }
        for (int id : connectionIds) {
            ClientConn c = new ClientConn(id);
            c.url = opt.urlOf(id);
            notStarted.add(c);
        }
    }

    void wakeup() {
        selector.wakeup();
    }

    String negotiatedTls() {
        return tls == null ? null : tls.negotiated();
    }

    @Override
    public void run() {
        try {
            while (!exit) {
                now = System.nanoTime();
                startConnects();
                long timeout = selectTimeoutMillis();
                if (timeout <= 0) {
                    selector.selectNow(this::handle);
                } else {
                    selector.select(this::handle, timeout);
                }
                now = System.nanoTime();
                afterEvents();
                flushDirty();
            }
        } catch (Throwable t) {
            run.error("worker " + index + " crashed: " + t);
        } finally {
            for (ClientConn c : conns) {
                abortChannel(c);
            }
            try {
                selector.close();
            } catch (IOException e) {
                // closing anyway
            }
            finished = true;
        }
    }

    private long selectTimeoutMillis() {
        if (!notStarted.isEmpty() && inProgress.size() < maxConnecting) {
            return 0;
        }
        long wait = TimeUnit.MILLISECONDS.toNanos(50);
        if (started && now < measureEnd) {
            wait = Math.min(wait, measureEnd - now);
        }
        if (started && publisher != null && publisher.state == OPEN && nextPublish < measureEnd) {
            wait = Math.min(wait, nextPublish - now);
        }
        if (closing) {
            wait = Math.min(wait, closeDeadline - now);
        }
        return wait <= 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait + 999_999));
    }

    // ---------------------------------------------------------------- connecting

    private void startConnects() {
        while (!notStarted.isEmpty() && inProgress.size() < maxConnecting && !closing) {
            ClientConn c = notStarted.poll();
            conns.add(c);
            c.deadline = now + opt.connectTimeout.toNanos();
            inProgress.add(c);
            try {
                SocketChannel ch = SocketChannel.open();
                c.channel = ch;
                c.tls = tls == null ? null : tls.open(ch);
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                if (opt.mode == LoadOptions.Mode.CONNECT_ONLY) {
                    // An explicit source address: ~28k ephemeral ports each, so many addresses pass 64k.
                    ch.bind(new InetSocketAddress(opt.sourceAddress(Math.max(c.id, 0)), 0));
                }
                boolean connected = ch.connect(run.address(c.url));
                c.key = ch.register(selector, connected ? 0 : SelectionKey.OP_CONNECT, c);
                if (connected) {
                    connected(c);
                }
            } catch (IOException e) {
                fail(c, "connect to " + run.address(c.url) + " failed: " + e);
            }
        }
    }

    /**
     * A server that leaves a connection unanswered for the whole timeout takes no more (Tomcat stops
     * at its connection limit): the rest are counted as failed at once rather than each waiting for
     * a timeout of its own, which would keep a run going for many minutes.
     */
    private void giveUpConnecting() {
        ClientConn c;
        while ((c = notStarted.poll()) != null) {
            conns.add(c);
            fail(c, "not tried: the server left a connection unanswered for " + Durations.format(opt.connectTimeout));
        }
    }

    /** The TCP connection is up (TLS: called again on each event until its handshake is done too). */
    private void connected(ClientConn c) throws IOException {
        if (c.tls != null && !c.tls.handshake()) {
            interest(c, c.tls.hasHeldOutput() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
            return;
        }
        c.state = HANDSHAKE;
        c.wsKey = Handshake.newKey();
        byte[] request = Handshake.request(c.url, c.wsKey, opt.deflate == null ? null : opt.deflate.header);
        ensureOut(c, request.length);
        c.out.put(request);
        c.handshake = new byte[4096];
        writeOut(c);
    }

    private void checkConnectTimeouts() {
        while (!inProgress.isEmpty()) {
            ClientConn head = inProgress.peek();
            if (head.state != CONNECTING && head.state != HANDSHAKE) {
                inProgress.poll();
            } else if (now - head.deadline > 0) {
                inProgress.poll();
                String stage = head.state != CONNECTING ? "handshake" : head.tls != null ? "connect or TLS handshake" : "connect";
                fail(head, stage + " timed out after "
                        + Durations.format(opt.connectTimeout));
                if (opt.mode == LoadOptions.Mode.CONNECT_ONLY) {
                    giveUpConnecting();
                }
            } else {
                break;
            }
        }
    }

    private void opened(ClientConn c) {
        c.state = OPEN;
        c.handshake = null;
        openCount++;
        if (!oneMessageThenIdle) { // that one counts once its message is back
            c.countedConnected = true;
            run.connected.countDown();
        }
        if (traffic == LoadOptions.Mode.ECHO) {
            c.sendTimes = new long[opt.inFlight];
            c.expected = new byte[opt.size];
            c.expectedView = ByteBuffer.wrap(c.expected);
        } else if (opt.mode == LoadOptions.Mode.BROADCAST) {
            c.message = new byte[opt.size];
        } else {
            c.out = null; // an idle connection keeps no buffer
        }
        if (oneMessageThenIdle) {
            sendEcho(c);
        }
    }

    // ---------------------------------------------------------------- events

    private void handle(SelectionKey key) {
        ClientConn c = (ClientConn) key.attachment();
        try {
            if (!key.isValid()) {
                return;
            }
            int ready = key.readyOps();
            if (c.state == CONNECTING) {
                if ((ready & SelectionKey.OP_CONNECT) == 0 || c.channel.finishConnect()) {
                    connected(c); // without OP_CONNECT: TCP is up, and TLS's handshake goes on
                }
                return;
            }
            if ((ready & SelectionKey.OP_READ) != 0 && c.state != CLOSED) {
                read(c);
            }
            if ((ready & SelectionKey.OP_WRITE) != 0 && c.state != CLOSED) {
                writeOut(c);
            }
        } catch (IOException e) {
            if (c.state == CLOSING) {
                closeChannel(c);
            } else {
                fail(c, describe(c) + ": " + e);
            }
        }
    }

    private void read(ClientConn c) throws IOException {
        for (int round = 0; round < 8; round++) {
            ByteBuffer buf = readBuffer;
            buf.clear();
            int n = c.tls == null ? c.channel.read(buf) : c.tls.read(buf);
            if (n < 0) {
                if (c.state == CLOSING) {
                    closeChannel(c);
                } else {
                    fail(c, describe(c) + ": the server closed the connection");
                }
                return;
            }
            if (n == 0) {
                return;
            }
            bytesReceived += n;
            now = System.nanoTime();
            buf.flip();
            if (c.state == HANDSHAKE && !handshakeBytes(c, buf)) {
                return;
            }
            parse(c, buf);
            if (c.state == CLOSED || n < buf.capacity()) {
                return;
            }
        }
    }

    /** Returns true once the upgrade is complete; {@code buf} then holds what followed the head. */
    private boolean handshakeBytes(ClientConn c, ByteBuffer buf) {
        int copy = Math.min(buf.remaining(), c.handshake.length - c.handshakeLength);
        buf.get(c.handshake, c.handshakeLength, copy);
        c.handshakeLength += copy;
        int end = Handshake.endOfHead(c.handshake, c.handshakeLength);
        if (end < 0) {
            if (c.handshakeLength == c.handshake.length) {
                fail(c, "handshake response head larger than " + c.handshake.length + " bytes");
            }
            return false;
        }
        String head = new String(c.handshake, 0, end, StandardCharsets.ISO_8859_1);
        String problem = Handshake.check(head, c.wsKey, opt.deflate != null);
        if (problem == null && opt.deflate != null) {
            problem = agreeDeflate(c, Handshake.header(head, "sec-websocket-extensions"));
        }
        if (problem != null) {
            fail(c, problem);
            return false;
        }
        buf.position(buf.position() - (c.handshakeLength - end));
        opened(c);
        return true;
    }

    /**
     * A run that offers compression measures compressed traffic, so a server that declines fails the
     * connection rather than quietly measuring plain frames; returns what is wrong, or null.
     */
    private String agreeDeflate(ClientConn c, String answer) {
        if (answer == null) {
            return "the server declined permessage-deflate (offered: " + opt.deflate.header + ")";
        }
        try {
            c.deflate = new ClientDeflate(DeflateAgreement.parse(answer, opt.deflate), deflateBuffers);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (agreedExtensions == null) {
            agreedExtensions = answer;
        }
        return null;
    }

    // ---------------------------------------------------------------- frames

    private void parse(ClientConn c, ByteBuffer buf) {
        while (buf.hasRemaining() && c.state != CLOSED) {
            if (!c.inPayload) {
                while (c.headerLength < c.headerNeeded && buf.hasRemaining()) {
                    c.header[c.headerLength++] = buf.get();
                }
                if (c.headerLength < c.headerNeeded) {
                    return;
                }
                if (c.headerNeeded == 2) {
                    int b1 = c.header[1] & 0xFF;
                    if ((b1 & 0x80) != 0) {
                        fail(c, describe(c) + ": the server sent a masked frame");
                        return;
                    }
                    int length7 = b1 & 0x7F;
                    c.headerNeeded = length7 == 126 ? 4 : length7 == 127 ? 10 : 2;
                    if (c.headerLength < c.headerNeeded) {
                        continue;
                    }
                }
                frameStart(c);
            } else {
                int n = (int) Math.min(c.payloadRemaining, buf.remaining());
                int end = buf.position() + n;
                framePayload(c, buf, n);
                buf.position(end);
                c.payloadRemaining -= n;
                if (c.payloadRemaining == 0 && c.state != CLOSED) {
                    c.inPayload = false;
                    frameEnd(c);
                }
            }
        }
    }

    private void frameStart(ClientConn c) {
        int b0 = c.header[0] & 0xFF;
        int length7 = c.header[1] & 0x7F;
        long length;
        if (length7 == 126) {
            length = (c.header[2] & 0xFFL) << 8 | (c.header[3] & 0xFFL);
        } else if (length7 == 127) {
            length = 0;
            for (int i = 2; i < 10; i++) {
                length = length << 8 | (c.header[i] & 0xFFL);
            }
        } else {
            length = length7;
        }
        c.headerLength = 0;
        c.headerNeeded = 2;
        c.frameFin = (b0 & 0x80) != 0;
        c.frameOpcode = b0 & 0x0F;
        int rsv = b0 & 0x70;
        if (rsv != 0 && !(rsv == 0x40 && c.deflate != null && (c.frameOpcode == TEXT || c.frameOpcode == BINARY))) {
            // RSV1 only on the first frame of a message, and only where compression was agreed (RFC 7692 section 6)
            fail(c, describe(c) + ": RSV bits set in a server frame");
            return;
        }
        if (c.frameOpcode >= 8) {
            if (length > 125 || !c.frameFin) {
                fail(c, describe(c) + ": invalid control frame");
                return;
            }
            c.controlLength = 0;
        } else if (c.frameOpcode == 0) {
            if (c.messageOpcode == 0) {
                fail(c, describe(c) + ": continuation frame without a message");
                return;
            }
        } else if (c.frameOpcode == TEXT || c.frameOpcode == BINARY) {
            if (c.messageOpcode != 0) {
                fail(c, describe(c) + ": new message before the previous one ended");
                return;
            }
            c.messageOpcode = c.frameOpcode;
            c.messagePosition = 0;
            c.messageCompressed = rsv != 0;
            messageStart(c);
        } else {
            fail(c, describe(c) + ": reserved opcode " + c.frameOpcode);
            return;
        }
        if (c.state == CLOSED) {
            return;
        }
        c.payloadRemaining = length;
        c.inPayload = length > 0;
        if (length == 0) {
            frameEnd(c);
        }
    }

    private void framePayload(ClientConn c, ByteBuffer buf, int n) {
        if (c.frameOpcode >= 8) {
            buf.get(c.control, c.controlLength, n);
            c.controlLength += n;
            return;
        }
        if (c.messageCompressed) {
            inflate(c, buf, n);
            return;
        }
        messageBytes(c, buf, n);
    }

    /** Checks (echo) or keeps (broadcast) {@code n} bytes of the message at {@code buf}'s position. */
    private void messageBytes(ClientConn c, ByteBuffer buf, int n) {
        if (c.messagePosition + (long) n > opt.size) {
            fail(c, describe(c) + ": message longer than the " + opt.size + " bytes sent");
            return;
        }
        if (traffic == LoadOptions.Mode.ECHO) {
            int limit = buf.limit();
            buf.limit(buf.position() + n);
            ByteBuffer expected = c.expectedView.limit(c.messagePosition + n).position(c.messagePosition);
            int mismatch = buf.mismatch(expected);
            buf.limit(limit);
            if (mismatch >= 0) {
                fail(c, describe(c) + ": echo of message #" + c.recvSeq + " differs from what was sent at byte "
                        + (c.messagePosition + mismatch));
                return;
            }
        } else if (traffic == LoadOptions.Mode.BROADCAST) {
            buf.get(c.message, c.messagePosition, n);
        }
        c.messagePosition += n;
    }

    /** Compressed payload: what it inflates to goes through the same checks as a plain payload. */
    private void inflate(ClientConn c, ByteBuffer buf, int n) {
        current = c;
        try {
            c.deflate.inflate(buf, n, inflated);
        } catch (java.util.zip.DataFormatException e) {
            fail(c, describe(c) + ": compressed message does not inflate: " + e.getMessage());
        }
    }

    /** The last frame of a compressed message: the tail added back, the rest of the message flushed out. */
    private void endInflated(ClientConn c) {
        current = c;
        try {
            c.deflate.endMessage(inflated);
        } catch (java.util.zip.DataFormatException e) {
            fail(c, describe(c) + ": compressed message does not inflate: " + e.getMessage());
        }
    }

    private void frameEnd(ClientConn c) {
        switch (c.frameOpcode) {
            case PING -> {
                System.arraycopy(c.control, 0, scratch, 0, c.controlLength);
                putFrame(c, PONG, scratch, c.controlLength);
            }
            case PONG -> {
                // unsolicited pongs are allowed
            }
            case CLOSE -> {
                if (c.state == CLOSING) {
                    closeChannel(c);
                } else {
                    int code = c.controlLength >= 2 ? (c.control[0] & 0xFF) << 8 | (c.control[1] & 0xFF) : 1005;
                    String reason = c.controlLength > 2
                            ? new String(c.control, 2, c.controlLength - 2, StandardCharsets.UTF_8) : "";
                    fail(c, describe(c) + ": the server closed the session: " + code + " " + reason);
                }
            }
            default -> {
                if (c.frameFin) {
                    if (c.messageCompressed) {
                        endInflated(c);
                        if (c.state == CLOSED) {
                            return;
                        }
                    }
                    messageEnd(c);
                    c.messageOpcode = 0;
                }
            }
        }
    }

    // ---------------------------------------------------------------- workloads

    private void messageStart(ClientConn c) {
        switch (traffic) {
            case ECHO -> {
                if (c.sendSeq == c.recvSeq) {
                    fail(c, describe(c) + ": a message arrived with no echo outstanding");
                } else if (c.messageOpcode != dataOpcode) {
                    fail(c, describe(c) + ": sent " + (dataOpcode == TEXT ? "text" : "binary") + ", echoed as "
                            + (c.messageOpcode == TEXT ? "text" : "binary"));
                } else {
                    payloads.fill(c.expected, c.id, c.recvSeq);
                }
            }
            case BROADCAST -> {
                if (c.messageOpcode != TEXT) {
                    fail(c, describe(c) + ": broadcast arrived as binary");
                }
            }
            case CONNECT_ONLY -> fail(c, describe(c) + ": an idle connection received a message");
        }
    }

    private void messageEnd(ClientConn c) {
        if (c.messagePosition != opt.size) {
            fail(c, describe(c) + ": message #" + (traffic == LoadOptions.Mode.ECHO ? c.recvSeq : c.nextSeq) + " has "
                    + c.messagePosition + " bytes, not " + opt.size);
            return;
        }
        if (traffic == LoadOptions.Mode.ECHO) {
            long sent = c.sendTimes[(int) (c.recvSeq % opt.inFlight)];
            c.recvSeq++;
            pending--;
            if (oneMessageThenIdle) {
                idleAfterEcho(c);
                return;
            }
            if (now - warmupEnd >= 0 && now - measureEnd < 0) {
                windowMessages++;
                record(now - sent);
            }
            if (now - measureEnd < 0 && !closing) {
                sendEcho(c);
            }
        } else {
            long seq = payloads.checkBroadcast(c.message, c.messagePosition);
            if (seq < 0) {
                fail(c, describe(c) + ": malformed broadcast message #" + c.nextSeq);
                return;
            }
            if (seq != c.nextSeq) {
                fail(c, describe(c) + ": expected broadcast #" + c.nextSeq + ", received #" + seq
                        + (seq > c.nextSeq ? " (messages lost)" : " (out of order)"));
                return;
            }
            c.nextSeq++;
            if (!c.publisher && now - warmupEnd >= 0 && now - measureEnd < 0) {
                windowArrivals++;
            }
            long sent = Payloads.sendNanosOfBroadcast(c.message);
            if (!c.publisher && sent - warmupEnd >= 0 && sent - measureEnd < 0) {
                windowMessages++;
                record(now - sent);
            }
        }
    }

    /**
     * Connect-only with compression: the echo is back, so the server has made what it keeps per
     * connection; the generator drops its own zlib streams and buffers (an idle connection sends and
     * expects nothing more) and counts the connection as open.
     */
    private void idleAfterEcho(ClientConn c) {
        c.deflate.end();
        c.sendTimes = null;
        c.expected = null;
        c.expectedView = null;
        if (c.out != null && c.out.position() == 0) {
            c.out = null;
        }
        c.countedConnected = true;
        run.connected.countDown();
    }

    private void record(long nanos) {
        histogram.recordValue(Math.max(0, Math.min(nanos, MAX_LATENCY_NANOS)));
    }

    private void sendEcho(ClientConn c) {
        payloads.fill(scratch, c.id, c.sendSeq);
        c.sendTimes[(int) (c.sendSeq % opt.inFlight)] = now;
        putData(c, dataOpcode, scratch, opt.size);
        c.sendSeq++;
        pending++;
    }

    private void publish() {
        payloads.fillBroadcast(scratch, published, now);
        putData(publisher, TEXT, scratch, opt.size);
        published++;
    }

    // ---------------------------------------------------------------- phases

    private void afterEvents() {
        checkConnectTimeouts();
        if (!started && run.go) {
            started = true;
            warmupEnd = run.warmupEnd;
            measureEnd = run.measureEnd;
            if (opt.mode == LoadOptions.Mode.ECHO) {
                for (ClientConn c : conns) {
                    if (c.state == OPEN) {
                        for (int i = 0; i < opt.inFlight; i++) {
                            sendEcho(c);
                        }
                    }
                }
            }
            nextPublish = now;
        }
        if (started && publisher != null && publisher.state == OPEN && nextPublish - measureEnd < 0
                && now - nextPublish >= 0) {
            publish();
            nextPublish += opt.interval.toNanos();
            if (nextPublish - measureEnd >= 0) {
                run.publishingDone(published);
            }
        }
        if (started) {
            countWindowBytes();
        }
        if (started && now - measureEnd >= 0) {
            updateDrained();
        }
        if (!closing && run.closing) {
            closing = true;
            closeDeadline = now + TimeUnit.SECONDS.toNanos(2);
            for (ClientConn c : conns) {
                if (run.abortive || c.state != OPEN) {
                    abortChannel(c);
                } else {
                    c.state = CLOSING;
                    scratch[0] = 0x03;
                    scratch[1] = (byte) 0xE8; // 1000
                    putFrame(c, CLOSE, scratch, 2);
                }
            }
        }
        if (closing) {
            boolean allClosed = true;
            for (ClientConn c : conns) {
                if (c.state != CLOSED) {
                    allClosed = false;
                    break;
                }
            }
            if (allClosed || now - closeDeadline >= 0) {
                exit = true;
            }
        }
    }

    /** The bytes each way between the window's start and end, as this loop sees them (to within one batch). */
    private void countWindowBytes() {
        if (bytesSentAtWindowStart < 0 && now - warmupEnd >= 0) {
            bytesSentAtWindowStart = bytesSent;
            bytesReceivedAtWindowStart = bytesReceived;
        }
        if (!windowCounted && bytesSentAtWindowStart >= 0 && now - measureEnd >= 0) {
            windowCounted = true;
            windowBytesSent = bytesSent - bytesSentAtWindowStart;
            windowBytesReceived = bytesReceived - bytesReceivedAtWindowStart;
        }
    }

    private void updateDrained() {
        long stillMissing = 0;
        if (opt.mode == LoadOptions.Mode.ECHO) {
            stillMissing = pending;
        } else if (opt.mode == LoadOptions.Mode.BROADCAST) {
            long total = run.publishedTotal;
            if (total < 0) {
                missing = Long.MAX_VALUE;
                drained = false;
                return;
            }
            for (ClientConn c : conns) {
                if (c.state == OPEN && !c.publisher) {
                    stillMissing += total - c.nextSeq;
                }
            }
        }
        missing = stillMissing;
        drained = stillMissing == 0;
    }

    // ---------------------------------------------------------------- output

    private void ensureOut(ClientConn c, int bytes) {
        if (c.out == null) {
            c.out = ByteBuffer.allocateDirect(Math.max(bytes, opt.mode == LoadOptions.Mode.ECHO
                    ? opt.inFlight * (opt.size + 14) + 256 : 512));
        } else if (c.out.remaining() < bytes) {
            ByteBuffer bigger = ByteBuffer.allocateDirect(Math.max(c.out.capacity() * 2, c.out.position() + bytes));
            c.out.flip();
            bigger.put(c.out);
            c.out = bigger;
        }
    }

    /** A data frame: as it is, or on a compressed connection deflated, with RSV1 (RFC 7692 section 6). */
    private void putData(ClientConn c, int opcode, byte[] payload, int length) {
        if (c.deflate == null) {
            putFrame(c, opcode, payload, length);
            return;
        }
        int deflated = c.deflate.deflate(payload, length);
        putFrame(c, 0x40 | opcode, c.deflate.deflated(), deflated);
    }

    /** Appends a masked frame (a fresh random key) and schedules the connection for a flush. */
    private void putFrame(ClientConn c, int opcode, byte[] payload, int length) {
        ensureOut(c, length + 14);
        ByteBuffer out = c.out;
        out.put((byte) (0x80 | opcode));
        if (length < 126) {
            out.put((byte) (0x80 | length));
        } else if (length < 65536) {
            out.put((byte) (0x80 | 126));
            out.putShort((short) length);
        } else {
            out.put((byte) (0x80 | 127));
            out.putLong(length);
        }
        int key = ThreadLocalRandom.current().nextInt();
        out.putInt(key);
        Payloads.mask(payload, length, key);
        out.put(payload, 0, length);
        if (!c.dirty) {
            c.dirty = true;
            dirty.add(c);
        }
    }

    private void flushDirty() {
        for (int i = 0; i < dirty.size(); i++) {
            ClientConn c = dirty.get(i);
            c.dirty = false;
            if (c.state != CLOSED && c.state != CONNECTING) {
                try {
                    writeOut(c);
                } catch (IOException e) {
                    if (c.state == CLOSING) {
                        closeChannel(c);
                    } else {
                        fail(c, describe(c) + ": " + e);
                    }
                }
            }
        }
        dirty.clear();
    }

    private void writeOut(ClientConn c) throws IOException {
        ByteBuffer out = c.out;
        int before = 0;
        if (out != null) {
            out.flip();
            before = out.remaining();
        }
        try {
            if (c.tls != null) {
                c.tls.write(out); // with no frames, what TLS holds still goes
            } else if (out != null) {
                c.channel.write(out);
            }
        } finally {
            if (out != null) {
                bytesSent += before - out.remaining();
                out.compact();
            }
        }
        boolean more = out != null && out.position() > 0 || c.tls != null && c.tls.hasHeldOutput();
        interest(c, more ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    private void interest(ClientConn c, int ops) {
        if (c.interest != ops && c.key != null && c.key.isValid()) {
            c.key.interestOps(ops);
            c.interest = ops;
        }
    }

    // ---------------------------------------------------------------- endings

    private void fail(ClientConn c, String why) {
        if (c.state == CLOSED) {
            return;
        }
        run.error(why);
        if (opt.mode == LoadOptions.Mode.ECHO && c.state >= OPEN) {
            pending -= c.sendSeq - c.recvSeq;
        }
        if (!c.countedConnected) {
            c.countedConnected = true;
            run.connected.countDown();
        }
        failedCount++;
        abortChannel(c);
    }

    private void closeChannel(ClientConn c) {
        if (c.state == CLOSED) {
            return;
        }
        if (c.state >= OPEN) {
            openCount--;
        }
        c.state = CLOSED;
        if (c.deflate != null) {
            c.deflate.end();
        }
        try {
            if (c.tls != null) {
                c.tls.closeOutbound(); // after the close handshake: close_notify, as a TLS client should
            }
            if (c.channel != null) {
                c.channel.close();
            }
        } catch (IOException e) {
            // gone anyway
        }
    }

    /** Closes with a reset (SO_LINGER 0): no TIME_WAIT left behind, nothing more to read. */
    private void abortChannel(ClientConn c) {
        if (c.state != CLOSED && c.state >= OPEN) {
            openCount--;
        }
        c.state = CLOSED;
        if (c.deflate != null) {
            c.deflate.end();
        }
        SocketChannel ch = c.channel;
        if (ch != null && ch.isOpen()) {
            try {
                ch.setOption(StandardSocketOptions.SO_LINGER, 0);
            } catch (IOException | RuntimeException e) {
                // ClosedChannelException or not connected: close anyway
            }
            try {
                ch.close();
            } catch (IOException e) {
                // gone anyway
            }
        }
    }

    private String describe(ClientConn c) {
        String who = c.publisher ? "publisher" : "connection " + c.id;
        return opt.receiverUrls.size() > 1 ? who + " (" + c.url + ")" : who;
    }
}
