package io.wsengine.bench.jmh;

import io.wsengine.PreparedMessage;
import io.wsengine.internal.frame.FrameEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The engine's outbound encoding: {@link FrameEncoder} for a text message (UTF-8 encoding included)
 * and a binary one (large payloads are not copied, only framed), and {@link PreparedMessage} (a
 * broadcast's encode-once). {@code :bytes} counts payload bytes per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameEncoderBenchmark {
    @Param({"32", "1024", "65536"})
    public int size;

    private String text;
    private ByteBuffer binary;

    @Setup
    public void setUp() {
        text = new String(Samples.utf8("ascii", size), StandardCharsets.UTF_8);
        binary = ByteBuffer.wrap(Samples.random(size));
    }

    @Benchmark
    public void text(Bytes bytes, Blackhole hole) {
        hole.consume(FrameEncoder.text(text));
        bytes.bytes += size;
    }

    @Benchmark
    public void binary(Bytes bytes, Blackhole hole) {
        hole.consume(FrameEncoder.binary(binary.duplicate()));
        bytes.bytes += size;
    }

    @Benchmark
    public void preparedText(Bytes bytes, Blackhole hole) {
        hole.consume(PreparedMessage.text(text));
        bytes.bytes += size;
    }
}
