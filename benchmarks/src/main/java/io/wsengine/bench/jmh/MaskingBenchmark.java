package io.wsengine.bench.jmh;

import io.wsengine.internal.frame.Masking;
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

/**
 * Unmasking in place ({@link Masking#unmask}), at an aligned start and at an odd offset inside the
 * array and the frame's payload. {@code :bytes} counts unmasked bytes per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MaskingBenchmark {
    @Param({"32", "1024", "65536"})
    public int size;

    private byte[] data;

    @Setup
    public void setUp() {
        data = Samples.random(size + 8);
    }

    @Benchmark
    public byte unmask(Bytes bytes) {
        Masking.unmask(data, 0, size, 0x1A2B3C4D, 0);
        bytes.bytes += size;
        return data[size - 1];
    }

    @Benchmark
    public byte unmaskUnaligned(Bytes bytes) {
        Masking.unmask(data, 3, size, 0x1A2B3C4D, 1);
        bytes.bytes += size;
        return data[size];
    }
}
