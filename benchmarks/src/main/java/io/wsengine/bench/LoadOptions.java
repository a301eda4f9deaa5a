package io.wsengine.bench;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;

/** What the load generator does; built from command-line options or in code (the runner, the tests). */
public final class LoadOptions {
    /** The three things the generator can do. */
    public enum Mode {
        /** C connections each keep P messages in flight; every echo is checked. */
        ECHO,
        /** N receivers and one publisher; the server sends every published message to all. */
        BROADCAST,
        /** N idle connections, opened and held. */
        CONNECT_ONLY
    }

    URI url = URI.create("ws://127.0.0.1:9001/echo");
    Mode mode = Mode.ECHO;
    int connections = 100;
    int inFlight = 1;
    int size = 32;
    boolean binary;
    Duration warmup = Duration.ofSeconds(5);
    Duration duration = Duration.ofSeconds(10);
    int threads = 2;
    /** Connect-only: how long the CLI holds the connections. */
    Duration hold = Duration.ofSeconds(30);
    /** Broadcast: time between two published messages. */
    Duration interval = Duration.ofMillis(10);
    /**
     * Broadcast: where the receivers connect, spread round robin (receiver i to entry i mod n); empty:
     * all to {@link #url}, where the publisher always connects. Several entries are the nodes of a
     * cluster: the publisher's node delivers to its own receivers, the others get it over the bus.
     */
    List<URI> receiverUrls = new ArrayList<>();
    /**
     * Processes whose CPU (summed) and memory are reported beside the generator's own, as "the
     * server" (a cluster's nodes); empty for none. Connect-only measures the first.
     */
    List<Long> serverPids = new ArrayList<>();
    /** A process the servers depend on (a cluster's Redis), whose CPU is reported apart; 0 for none. */
    long brokerPid;
    /** Connect-only: first source address; connections are spread over it and the following ones. */
    InetAddress sourceBase = loopback(2);
    /** Connect-only: connections per source address (the kernel has ~28k ephemeral ports per address). */
    int perSourceAddress = 20_000;
    /** Handshakes in progress at once, over all threads (the peers' accept backlogs are small). */
    int maxConnecting = 128;
    Duration connectTimeout = Duration.ofSeconds(60);
    /** After the measurement: time for the last echoes (broadcasts) to arrive. */
    Duration drainTimeout = Duration.ofSeconds(10);
    String jcmd = ProcStats.jcmdBeside(null);
    /**
     * permessage-deflate offered in every handshake; null: none (the generator's plain path, as
     * before). In connect-only mode each connection then sends one message and waits for its echo
     * before it counts as open, so that a server keeping context has made its compressors.
     */
    DeflateOffer deflate;
    /** Text messages are JSON-like chat objects ({@link ChatJson}), compressible, instead of random ASCII. */
    boolean json;
    /** For {@code wss://}: the context whose trust the client's TLS engines check the server against. */
    SSLContext tls;
    private String trustStore;
    private String trustPassword;

    public static LoadOptions echo(URI url, int connections, int inFlight, int size, boolean binary) {
        LoadOptions o = new LoadOptions();
        o.mode = Mode.ECHO;
        o.url = url;
        o.connections = connections;
        o.inFlight = inFlight;
        o.size = size;
        o.binary = binary;
        return o;
    }

    public static LoadOptions broadcast(URI url, int receivers) {
        LoadOptions o = new LoadOptions();
        o.mode = Mode.BROADCAST;
        o.url = url;
        o.connections = receivers;
        o.size = 64;
        return o;
    }

    public static LoadOptions connectOnly(URI url, int connections) {
        LoadOptions o = new LoadOptions();
        o.mode = Mode.CONNECT_ONLY;
        o.url = url;
        o.connections = connections;
        return o;
    }

    public LoadOptions warmup(Duration warmup) {
        this.warmup = warmup;
        return this;
    }

    public LoadOptions duration(Duration duration) {
        this.duration = duration;
        return this;
    }

    public LoadOptions threads(int threads) {
        this.threads = threads;
        return this;
    }

    public LoadOptions serverPid(long pid) {
        return serverPids(pid);
    }

    /** The server's processes: their CPU and RSS are summed (a cluster's nodes). */
    public LoadOptions serverPids(long... pids) {
        this.serverPids = new ArrayList<>();
        for (long pid : pids) {
            this.serverPids.add(pid);
        }
        return this;
    }

    /** A process beside the servers (a cluster's Redis) whose CPU is reported apart; 0 for none. */
    public LoadOptions brokerPid(long pid) {
        this.brokerPid = pid;
        return this;
    }

    /** Broadcast: the receivers spread round robin over these URLs (the publisher stays on {@link #url}). */
    public LoadOptions receiverUrls(List<URI> urls) {
        this.receiverUrls = new ArrayList<>(urls);
        return this;
    }

    /** The first server process, the one connect-only measures; 0 for none. */
    long serverPid() {
        return serverPids.isEmpty() ? 0 : serverPids.get(0);
    }

    /** Broadcast: the URL of receiver {@code id}; the publisher's (id -1) and echo's are {@link #url}. */
    URI urlOf(int id) {
        return mode != Mode.BROADCAST || id < 0 || receiverUrls.isEmpty() ? url : receiverUrls.get(id % receiverUrls.size());
    }

    public LoadOptions jcmd(String jcmd) {
        this.jcmd = jcmd;
        return this;
    }

    public LoadOptions sourceBase(InetAddress address) {
        this.sourceBase = address;
        return this;
    }

    public LoadOptions connectTimeout(Duration timeout) {
        this.connectTimeout = timeout;
        return this;
    }

    public LoadOptions drainTimeout(Duration timeout) {
        this.drainTimeout = timeout;
        return this;
    }

    public LoadOptions interval(Duration interval) {
        this.interval = interval;
        return this;
    }

    public LoadOptions size(int size) {
        this.size = size;
        return this;
    }

    /** Offers permessage-deflate (null: none) and compresses what it sends once the server agrees. */
    public LoadOptions deflate(DeflateOffer offer) {
        this.deflate = offer;
        return this;
    }

    /** Text payloads from {@link ChatJson} (compressible) rather than random printable ASCII. */
    public LoadOptions json(boolean json) {
        this.json = json;
        return this;
    }

    /** TLS for a {@code wss://} URL: the client engines come from {@code context} (its trust decides). */
    public LoadOptions tls(SSLContext context) {
        this.tls = context;
        return this;
    }

    static final String USAGE = """
            usage: LoadGenerator --url ws://127.0.0.1:PORT/echo [options]
              echo (default):  --connections C (100) --in-flight P (1) --size BYTES (32) [--binary]
                               --warmup 5s --duration 10s
              broadcast:       --broadcast-receivers N --url ws://127.0.0.1:PORT/broadcast
                               [--size 64] [--interval 10ms] --warmup 5s --duration 10s
                               [--receiver-urls ws://127.0.0.1:P1/broadcast,ws://127.0.0.1:P2/broadcast]
                               (receivers round robin over those, e.g. a cluster's nodes; the publisher on --url)
              connect-only:    --connect-only N [--hold 30s] [--source-base 127.0.0.2] [--per-address 20000]
                               (with --deflate: each connection first echoes one message of --size bytes)
              compression:     --deflate no-context-takeover|context-takeover (offer permessage-deflate, compress
                               what is sent, inflate what comes back) [--json] (compressible chat-like JSON text)
              wss://:          --url wss://127.0.0.1:PORT/echo --tls-keystore FILE.p12 --tls-password PASSWORD
                               (the client trusts the certificates in the PKCS12 store: the server's own will do)
              common:          --threads T (2) --server-pid PID (report the server's CPU and memory;
                               repeat it for a server of several processes: their CPU and RSS are summed)
                               [--broker-pid PID] (a process beside the server, e.g. Redis: its CPU apart)
                               [--jcmd PATH] [--drain-timeout 10s] [--connect-timeout 60s] [--max-connecting 128]
            """;

    static LoadOptions parse(String[] args) {
        LoadOptions o = new LoadOptions();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--binary")) {
                o.binary = true;
                continue;
            }
            if (option.equals("--json")) {
                o.json = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + option);
            }
            String value = args[++i];
            switch (option) {
                case "--url" -> o.url = url(value);
                case "--connections" -> o.connections = positive(option, value);
                case "--in-flight" -> o.inFlight = positive(option, value);
                case "--size" -> o.size = positive(option, value);
                case "--warmup" -> o.warmup = Durations.parse(value);
                case "--duration" -> o.duration = Durations.parse(value);
                case "--threads" -> o.threads = positive(option, value);
                case "--connect-only" -> {
                    o.mode = Mode.CONNECT_ONLY;
                    o.connections = positive(option, value);
                }
                case "--hold" -> o.hold = Durations.parse(value);
                case "--broadcast-receivers" -> {
                    o.mode = Mode.BROADCAST;
                    o.connections = positive(option, value);
                    if (o.size == 32) {
                        o.size = 64;
                    }
                }
                case "--interval" -> o.interval = Durations.parse(value);
                case "--server-pid" -> o.serverPids.add((long) positive(option, value));
                case "--broker-pid" -> o.brokerPid = positive(option, value);
                case "--receiver-urls" -> {
                    for (String each : value.split(",")) {
                        if (!each.isBlank()) {
                            o.receiverUrls.add(url(each.trim()));
                        }
                    }
                }
                case "--source-base" -> o.sourceBase = address(value);
                case "--per-address" -> o.perSourceAddress = positive(option, value);
                case "--max-connecting" -> o.maxConnecting = positive(option, value);
                case "--connect-timeout" -> o.connectTimeout = Durations.parse(value);
                case "--drain-timeout" -> o.drainTimeout = Durations.parse(value);
                case "--jcmd" -> o.jcmd = value;
                case "--deflate" -> o.deflate = DeflateOffer.parse(value);
                case "--tls-keystore" -> o.trustStore = value;
                case "--tls-password" -> o.trustPassword = value;
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if ((o.trustStore == null) != (o.trustPassword == null)) {
            throw new IllegalArgumentException("--tls-keystore and --tls-password go together");
        }
        if (o.trustStore != null) {
            o.tls = BenchKeyStore.trusting(Path.of(o.trustStore), o.trustPassword);
        }
        o.validate();
        return o;
    }

    void validate() {
        boolean secure = "wss".equals(url.getScheme());
        if (!secure && !"ws".equals(url.getScheme()) || url.getHost() == null || url.getPort() <= 0) {
            throw new IllegalArgumentException("--url must look like ws://127.0.0.1:PORT/path or wss://..., not " + url);
        }
        if (!receiverUrls.isEmpty() && mode != Mode.BROADCAST) {
            throw new IllegalArgumentException("--receiver-urls is for broadcast runs (--broadcast-receivers)");
        }
        for (URI each : receiverUrls) {
            // One TLS setting for the run: every receiver URL must speak what --url speaks.
            if (!url.getScheme().equals(each.getScheme()) || each.getHost() == null || each.getPort() <= 0) {
                throw new IllegalArgumentException("--receiver-urls must look like --url (" + url.getScheme()
                        + "://127.0.0.1:PORT/path), not " + each);
            }
        }
        if (secure != (tls != null)) {
            throw new IllegalArgumentException(secure ? "a wss:// URL needs a key store to trust (--tls-keystore, --tls-password)"
                    : "TLS is for wss:// URLs, not " + url);
        }
        if (mode == Mode.BROADCAST && size < Payloads.BROADCAST_HEADER + 1) {
            throw new IllegalArgumentException("broadcast messages need at least " + (Payloads.BROADCAST_HEADER + 1) + " bytes");
        }
        if (json && binary && mode == Mode.ECHO) {
            throw new IllegalArgumentException("--json is for text messages, not --binary");
        }
        if (warmup.isNegative() || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("--duration must be positive and --warmup not negative");
        }
        if (mode == Mode.BROADCAST && (interval.isNegative() || interval.isZero())) {
            throw new IllegalArgumentException("--interval must be positive");
        }
    }

    private static URI url(String value) {
        try {
            return new URI(value);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("bad --url: " + e.getMessage());
        }
    }

    private static InetAddress address(String value) {
        try {
            return InetAddress.getByName(value);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address " + value);
        }
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(option + " needs a positive number, not '" + value + "'");
    }

    static InetAddress loopback(int last) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Connect-only: how many source addresses the connections are spread over. */
    int sourceAddressCount() {
        return (connections + perSourceAddress - 1) / perSourceAddress;
    }

    /** The source address of connection {@code index} in connect-only mode: round robin over the addresses. */
    InetAddress sourceAddress(int index) {
        byte[] base = sourceBase.getAddress();
        long value = ((base[0] & 0xFFL) << 24 | (base[1] & 0xFFL) << 16 | (base[2] & 0xFFL) << 8 | (base[3] & 0xFFL))
                + index % sourceAddressCount();
        try {
            return InetAddress.getByAddress(new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Connect-only with compression: each connection echoes one message before it idles. */
    boolean oneMessageThenIdle() {
        return mode == Mode.CONNECT_ONLY && deflate != null;
    }

    public Mode mode() {
        return mode;
    }

    public int connections() {
        return connections;
    }
}
