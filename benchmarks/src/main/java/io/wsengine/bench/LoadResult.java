package io.wsengine.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** What one load-generator run measured. Times in microseconds, rates per second, -1 where unknown. */
public final class LoadResult {
    public LoadOptions.Mode mode;
    public String url;
    /** Broadcast: the URLs the receivers were spread over; empty when all were on {@link #url}. */
    public List<String> receiverUrls = new ArrayList<>();
    public int connections;
    public int inFlight;
    public int size;
    public boolean binary;
    public int threads;
    /** The protocol and cipher suite negotiated ({@code wss://}), such as "TLSv1.3 TLS_AES_256_GCM_SHA384"; null for {@code ws://}. */
    public String tls;
    /** The permessage-deflate offer made ({@code Sec-WebSocket-Extensions}); null when none was. */
    public String deflateOffer;
    /** What the server answered to it; null when nothing was offered or agreed. */
    public String extensions;
    /** Text messages were JSON-like chat objects ({@link ChatJson}). */
    public boolean json;
    public int opened;
    public int failed;
    public double windowSeconds;

    /** Echo: echoes received in the window; broadcast: deliveries of messages published in the window. */
    public long messages;
    public double messagesPerSecond;
    /** Payload megabytes (10^6 bytes) per second received back. */
    public double megabytesPerSecond;
    public double p50Micros = -1;
    public double p90Micros = -1;
    public double p99Micros = -1;
    public double p999Micros = -1;
    public double maxMicros = -1;

    /**
     * WebSocket bytes per message in the window, frame headers included (TLS records not): client to
     * server and server to client; compare with {@link #size}, the payload.
     */
    public double wireBytesSentPerMessage = -1;
    public double wireBytesReceivedPerMessage = -1;

    public long errors;
    public List<String> errorSamples = new ArrayList<>();

    /** This process's CPU over the window, in percent of one core. */
    public double generatorCpuPercent = -1;
    /** CPUs the generator's JVM may run on (fewer than the machine's when pinned). */
    public int generatorCpus = -1;
    public double generatorCpuMicrosPerMessage = -1;
    /** The busiest selector thread's CPU over the window, in percent of one core. */
    public double generatorBusiestThreadPercent = -1;
    public double serverCpuPercent = -1;
    public double serverCpuMicrosPerMessage = -1;
    public long serverRssKiB = -1;
    /** How many processes the server figures sum (a cluster's nodes); 1 for a single server. */
    public int serverProcesses = 1;
    /** A process beside the server (a cluster's Redis): its CPU over the window, in percent of one core. */
    public double brokerCpuPercent = -1;
    public double brokerCpuMicrosPerMessage = -1;

    /** Broadcast: messages published in all (warm-up included). */
    public long published;
    /**
     * Broadcast: deliveries that arrived during the window, per second, whenever published: below
     * the publishing rate x receivers when the server falls behind.
     */
    public double arrivalsPerSecond = -1;
    public double connectSeconds;

    /** Connect-only with a server pid: after a full GC, before and after the connections. */
    public long rssBeforeKiB = -1;
    public long rssAfterKiB = -1;
    public long liveHeapBeforeBytes = -1;
    public long liveHeapAfterBytes = -1;
    public long dropped;

    void latencies(Histogram h) {
        if (h.getTotalCount() == 0) {
            return;
        }
        p50Micros = h.getValueAtPercentile(50) / 1000.0;
        p90Micros = h.getValueAtPercentile(90) / 1000.0;
        p99Micros = h.getValueAtPercentile(99) / 1000.0;
        p999Micros = h.getValueAtPercentile(99.9) / 1000.0;
        maxMicros = h.getMaxValue() / 1000.0;
    }

    /** Server RSS per connection in KiB (connect-only), -1 if unknown. */
    public double rssPerConnectionKiB() {
        return rssBeforeKiB < 0 || rssAfterKiB < 0 || opened == 0 ? -1 : (double) (rssAfterKiB - rssBeforeKiB) / opened;
    }

    /** Server live heap per connection in KiB (connect-only), -1 if unknown. */
    public double liveHeapPerConnectionKiB() {
        return liveHeapBeforeBytes < 0 || liveHeapAfterBytes < 0 || opened == 0 ? -1
                : (liveHeapAfterBytes - liveHeapBeforeBytes) / 1024.0 / opened;
    }

    /**
     * Whether the generator may have limited the rate: one of its selector threads was busy 90% of
     * the time or more, so its connections waited for it, or the generator as a whole used 90% of the
     * CPUs it may run on (all of them when it is pinned to one).
     */
    public boolean generatorBound() {
        return generatorBusiestThreadPercent >= 90.0
                || generatorCpus > 0 && generatorCpuPercent >= 90.0 * generatorCpus;
    }

    public String toHuman() {
        StringBuilder b = new StringBuilder();
        switch (mode) {
            case ECHO -> {
                b.append(String.format(Locale.ROOT, "echo %s: %d connections x %d in flight, %d-byte %s, %d thread(s)%n",
                        url, connections, inFlight, size, binary ? "binary" : "text", threads));
                b.append(String.format(Locale.ROOT, "  connections   %d open, %d failed%n", opened, failed));
                b.append(String.format(Locale.ROOT, "  messages/s    %,.0f  (%d in %.2f s)%n", messagesPerSecond, messages, windowSeconds));
                b.append(String.format(Locale.ROOT, "  MB/s          %.2f%n", megabytesPerSecond));
                latencyLines(b, "round trip");
            }
            case BROADCAST -> {
                b.append(String.format(Locale.ROOT, "broadcast %s: %d receivers + 1 publisher, %d-byte text messages%n",
                        url, connections, size));
                if (!receiverUrls.isEmpty()) {
                    b.append("  receivers     round robin over ").append(String.join(", ", receiverUrls))
                            .append(" (the publisher on the first URL above)").append(System.lineSeparator());
                }
                b.append(String.format(Locale.ROOT, "  connections   %d open, %d failed%n", opened, failed));
                b.append(String.format(Locale.ROOT, "  published     %d%n", published));
                b.append(String.format(Locale.ROOT, "  deliveries/s  %,.0f  (%d of the messages published in the %.2f s window)%n",
                        messagesPerSecond, messages, windowSeconds));
                b.append(String.format(Locale.ROOT, "  arrivals/s    %,.0f  (deliveries that arrived during the window)%n", arrivalsPerSecond));
                latencyLines(b, "delivery");
            }
            case CONNECT_ONLY -> {
                b.append(String.format(Locale.ROOT, "connect-only %s: %d connections%n", url, connections));
                b.append(String.format(Locale.ROOT, "  connections   %d open, %d failed, %d dropped while held; opened in %.2f s%n",
                        opened, failed, dropped, connectSeconds));
                if (rssBeforeKiB >= 0) {
                    b.append(String.format(Locale.ROOT, "  server RSS    %,d KiB -> %,d KiB after a full GC: %.2f KiB per connection%n",
                            rssBeforeKiB, rssAfterKiB, rssPerConnectionKiB()));
                }
                if (liveHeapBeforeBytes >= 0) {
                    b.append(String.format(Locale.ROOT, "  live heap     %,d KiB -> %,d KiB: %.2f KiB per connection%n",
                            liveHeapBeforeBytes / 1024, liveHeapAfterBytes / 1024, liveHeapPerConnectionKiB()));
                }
            }
        }
        if (deflateOffer != null) {
            b.append("  deflate       offered \"").append(deflateOffer).append("\", agreed \"")
                    .append(extensions == null ? "nothing" : extensions).append('"').append(System.lineSeparator());
        }
        if (wireBytesSentPerMessage >= 0) {
            b.append(String.format(Locale.ROOT, "  wire bytes    %.1f per message sent, %.1f per message received (payload %d%s)%n",
                    wireBytesSentPerMessage, wireBytesReceivedPerMessage, size, json ? ", JSON-like text" : ""));
        }
        if (tls != null) {
            b.append("  TLS           ").append(tls).append(System.lineSeparator());
        }
        if (mode != LoadOptions.Mode.CONNECT_ONLY) {
            b.append(String.format(Locale.ROOT, "  generator CPU %.0f%% of a core (%.2f us per message; busiest of %d thread(s) %.0f%%)%s%n",
                    generatorCpuPercent, generatorCpuMicrosPerMessage, threads, generatorBusiestThreadPercent,
                    generatorBound() ? "  << the generator may be the bottleneck" : ""));
            if (serverCpuPercent >= 0) {
                b.append(String.format(Locale.ROOT, "  server CPU    %.0f%% of a core (%.2f us per message), RSS %,d KiB%s%n",
                        serverCpuPercent, serverCpuMicrosPerMessage, serverRssKiB,
                        serverProcesses > 1 ? " (summed over " + serverProcesses + " processes)" : ""));
            }
            if (brokerCpuPercent >= 0) {
                b.append(String.format(Locale.ROOT, "  broker CPU    %.0f%% of a core (%.2f us per message)%n",
                        brokerCpuPercent, brokerCpuMicrosPerMessage));
            }
        }
        b.append(String.format(Locale.ROOT, "  errors        %d%n", errors));
        for (String e : errorSamples) {
            b.append("    ").append(e).append(System.lineSeparator());
        }
        return b.toString();
    }

    private void latencyLines(StringBuilder b, String what) {
        b.append(String.format(Locale.ROOT, "  %-13s p50 %.0f us, p90 %.0f us, p99 %.0f us, p99.9 %.0f us, max %.0f us%n",
                what, p50Micros, p90Micros, p99Micros, p999Micros, maxMicros));
    }

    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", mode.name().toLowerCase(Locale.ROOT));
        m.put("url", url);
        m.put("connections", connections);
        m.put("opened", opened);
        m.put("failed", failed);
        m.put("threads", threads);
        m.put("tls", tls);
        if (mode == LoadOptions.Mode.ECHO) {
            m.put("inFlight", inFlight);
            m.put("binary", binary);
        }
        m.put("size", size);
        m.put("json", json);
        m.put("deflateOffer", deflateOffer);
        m.put("extensions", extensions);
        if (mode != LoadOptions.Mode.CONNECT_ONLY) {
            m.put("wireBytesSentPerMessage", wireBytesSentPerMessage);
            m.put("wireBytesReceivedPerMessage", wireBytesReceivedPerMessage);
            m.put("windowSeconds", windowSeconds);
            m.put("messages", messages);
            m.put("messagesPerSecond", messagesPerSecond);
            m.put("megabytesPerSecond", megabytesPerSecond);
            m.put("p50Micros", p50Micros);
            m.put("p90Micros", p90Micros);
            m.put("p99Micros", p99Micros);
            m.put("p999Micros", p999Micros);
            m.put("maxMicros", maxMicros);
            m.put("generatorCpuPercent", generatorCpuPercent);
            m.put("generatorCpuMicrosPerMessage", generatorCpuMicrosPerMessage);
            m.put("generatorBusiestThreadPercent", generatorBusiestThreadPercent);
            m.put("generatorBound", generatorBound());
            m.put("serverCpuPercent", serverCpuPercent);
            m.put("serverCpuMicrosPerMessage", serverCpuMicrosPerMessage);
            m.put("serverRssKiB", serverRssKiB);
            m.put("serverProcesses", serverProcesses);
            m.put("brokerCpuPercent", brokerCpuPercent);
            m.put("brokerCpuMicrosPerMessage", brokerCpuMicrosPerMessage);
        }
        if (mode == LoadOptions.Mode.BROADCAST) {
            m.put("receiverUrls", receiverUrls);
            m.put("published", published);
            m.put("arrivalsPerSecond", arrivalsPerSecond);
        }
        if (mode == LoadOptions.Mode.CONNECT_ONLY) {
            m.put("connectSeconds", connectSeconds);
            m.put("dropped", dropped);
            m.put("rssBeforeKiB", rssBeforeKiB);
            m.put("rssAfterKiB", rssAfterKiB);
            m.put("rssPerConnectionKiB", rssPerConnectionKiB());
            m.put("liveHeapBeforeBytes", liveHeapBeforeBytes);
            m.put("liveHeapAfterBytes", liveHeapAfterBytes);
            m.put("liveHeapPerConnectionKiB", liveHeapPerConnectionKiB());
        }
        m.put("errors", errors);
        m.put("errorSamples", errorSamples);
        return json(m);
    }

    private static String json(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map<?, ?> map) {
            StringBuilder b = new StringBuilder("{");
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (b.length() > 1) {
                    b.append(',');
                }
                b.append(json(e.getKey().toString())).append(':').append(json(e.getValue()));
            }
            return b.append('}').toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder b = new StringBuilder("[");
            for (Object o : list) {
                if (b.length() > 1) {
                    b.append(',');
                }
                b.append(json(o));
            }
            return b.append(']').toString();
        }
        if (value instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%.3f", d);
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        StringBuilder b = new StringBuilder("\"");
        for (char c : value.toString().toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
