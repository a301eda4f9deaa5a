package io.wsengine.bench;

import static io.wsengine.bench.ComparisonReport.errors;
import static io.wsengine.bench.ComparisonReport.kib;
import static io.wsengine.bench.ComparisonReport.median;
import static io.wsengine.bench.ComparisonReport.ms;
import static io.wsengine.bench.ComparisonReport.percent;
import static io.wsengine.bench.ComparisonReport.ratio;

import io.wsengine.bench.BenchmarkRunner.Workload;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The comparison's tables for permessage-deflate: G (compressible echo) and H (idle compressed connections). */
final class CompressionReport {
    private final RunnerSettings settings;
    private final Map<Workload, Map<String, List<LoadResult>>> results;

    CompressionReport(RunnerSettings settings, Map<Workload, Map<String, List<LoadResult>>> results) {
        this.settings = settings;
        this.results = results;
    }

    /** A compressing row is compared with netty-deflate, a plain one with netty. */
    private String netty(String server) {
        boolean deflate = settings.servers.stream().anyMatch(s -> s.name().equals(server) && s.deflate());
        return deflate ? "netty-deflate" : "netty";
    }

    void echoTable(StringBuilder b) {
        b.append("| server | agreed | msgs/s | vs Netty | p50 ms | p99 ms | server CPU | server us/msg | vs Netty"
                + " | wire B/msg client→server | wire B/msg server→client | payload B | generator CPU | generator-bound | errors |\n");
        b.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|:-:|--:|\n");
        Map<String, List<LoadResult>> perServer = results.get(Workload.G);
        perServer.forEach((server, runs) -> {
            if (runs.isEmpty()) {
                return;
            }
            List<LoadResult> netty = perServer.get(netty(server));
            double rate = median(runs, r -> r.messagesPerSecond);
            double cpu = median(runs, r -> r.serverCpuMicrosPerMessage);
            b.append("| ").append(server)
                    .append(" | ").append(agreed(runs.get(0)))
                    .append(" | ").append(String.format(Locale.ROOT, "%,.0f", rate))
                    .append(" | ").append(ratio(rate, median(netty, r -> r.messagesPerSecond)))
                    .append(" | ").append(ms(median(runs, r -> r.p50Micros)))
                    .append(" | ").append(ms(median(runs, r -> r.p99Micros)))
                    .append(" | ").append(percent(median(runs, r -> r.serverCpuPercent)))
                    .append(" | ").append(String.format(Locale.ROOT, "%.2f", cpu))
                    .append(" | ").append(ratio(cpu, median(netty, r -> r.serverCpuMicrosPerMessage)))
                    .append(" | ").append(bytes(median(runs, r -> r.wireBytesSentPerMessage)))
                    .append(" | ").append(bytes(median(runs, r -> r.wireBytesReceivedPerMessage)))
                    .append(" | ").append(runs.get(0).size)
                    .append(" | ").append(percent(median(runs, r -> r.generatorCpuPercent)))
                    .append(" | ").append(runs.stream().anyMatch(LoadResult::generatorBound) ? "**yes**" : "no")
                    .append(" | ").append(errors(runs))
                    .append(" |\n");
        });
        b.append("\n(the same 1 KiB JSON-like chat text (`ChatJson`) on every server; the generator offers"
                + " `permessage-deflate; client_no_context_takeover; server_no_context_takeover` to the -deflate servers"
                + " and nothing to the others, which are the uncompressed baseline; a -deflate server that declines"
                + " fails every connection; `pmd` = permessage-deflate. Wire bytes: WebSocket frames with their headers, per echoed message, as the"
                + " generator wrote and read them in the window. \"vs Netty\": a -deflate row by netty-deflate, a plain"
                + " row by netty)\n");
    }

    void idleTable(StringBuilder b) {
        b.append("| server | offered | agreed | connections | RSS KiB/conn | live heap KiB/conn | vs Netty (heap)"
                + " | opened in s | errors |\n");
        b.append("|---|---|---|--:|--:|--:|--:|--:|--:|\n");
        Map<String, List<LoadResult>> perServer = results.get(Workload.H);
        perServer.forEach((server, runs) -> {
            List<LoadResult> netty = perServer.get("netty-deflate");
            for (int pass = 0; pass < runs.size(); pass++) {
                LoadResult r = runs.get(pass);
                double heap = r.liveHeapPerConnectionKiB();
                double nettyHeap = netty == null || netty.size() <= pass ? Double.NaN : netty.get(pass).liveHeapPerConnectionKiB();
                b.append("| ").append(server)
                        .append(" | ").append(r.deflateOffer == null ? "-" : r.deflateOffer.contains("no_context") ? "no takeover"
                                : "takeover")
                        .append(" | ").append(agreed(r))
                        .append(" | ").append(String.format(Locale.ROOT, "%,d", r.opened))
                        .append(" | ").append(kib(r.rssPerConnectionKiB()))
                        .append(" | ").append(kib(heap))
                        .append(" | ").append(ratio(heap, nettyHeap))
                        .append(" | ").append(String.format(Locale.ROOT, "%.1f", r.connectSeconds))
                        .append(" | ").append(errors(List.of(r)))
                        .append(" |\n");
            }
        });
        b.append("\n(lower is better. Each connection echoes one compressed 1 KiB message, then idles, so that a server"
                + " that keeps context has made its compressor and decompressor; the generator drops its own. Two passes"
                + " per server, on a server started for H: first offering no context takeover (both parameters), then,"
                + " after those connections were reset, offering takeover (plain `permessage-deflate`); \"agreed\" is"
                + " what the server answered (`pmd` = permessage-deflate; the engine's default imposes no takeover either way). Growth after `jcmd"
                + " GC.run` + `GC.class_histogram` over the connections open. zlib's memory is native: it is in RSS, not"
                + " in the live heap. The first pass's RSS includes heap pages that the handshakes' garbage touched for"
                + " the first time, as D's \"fresh\" does)\n");
    }

    private static String agreed(LoadResult r) {
        if (r.deflateOffer == null) {
            return "none offered";
        }
        return r.extensions == null ? "**nothing**" : "`" + r.extensions.replace("permessage-deflate", "pmd") + "`";
    }

    private static String bytes(double value) {
        return Double.isNaN(value) || value < 0 ? "-" : String.format(Locale.ROOT, "%.0f", value);
    }
}
