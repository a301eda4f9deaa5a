package io.wsengine.bench.jmh;

import io.wsengine.internal.frame.Utf8Validator;
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
 * UTF-8 validation ({@link Utf8Validator}): a whole message at once, and fed in 1,000-byte pieces
 * as a message arriving over several reads would be. {@code :bytes} counts validated bytes per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class Utf8Benchmark {
    @Param({"32", "1024", "65536"})
    public int size;

    @Param({"ascii", "latin", "cjk", "emoji"})
    public String content;

    private byte[] data;
    private final Utf8Validator validator = new Utf8Validator();

    @Setup
    public void setUp() {
        data = Samples.utf8(content, size);
        if (!Utf8Validator.isValid(data, 0, size)) {
            throw new IllegalStateException("sample is not valid UTF-8");
        }
    }

    @Benchmark
    public boolean whole(Bytes bytes) {
        bytes.bytes += size;
        return Utf8Validator.isValid(data, 0, size);
    }

    @Benchmark
    public boolean pieces(Bytes bytes) {
        validator.reset();
        boolean valid = true;
        for (int offset = 0; offset < size; offset += 1000) {
            valid &= validator.feed(data, offset, Math.min(1000, size - offset));
        }
        bytes.bytes += size;
        return valid && validator.isComplete();
    }
}
