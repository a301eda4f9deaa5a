package io.wsengine.bench.jmh;

import io.wsengine.internal.frame.FrameParser;
import io.wsengine.internal.frame.MessageAssembler;
import io.wsengine.internal.frame.MessageListener;
import java.nio.ByteBuffer;
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
 * The engine's inbound path without the socket: {@link FrameParser} and {@link MessageAssembler}
 * turn masked client frames into messages (unmasking, UTF-8 validation of text, the message array or
 * String). One operation parses about 1 MiB of frames; {@code :bytes} is the wire bytes per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameParserBenchmark {
    private static final int MAX = 1 << 20;

    @Param({"32", "1024", "65536"})
    public int size;

    /** {@code ascii} or {@code cjk} text, or {@code binary}. */
    @Param({"ascii", "cjk", "binary"})
    public String payload;

    private ByteBuffer frames;
    private FrameParser parser;
    private final Sink sink = new Sink();

    @Setup
    public void setUp() {
        boolean binary = payload.equals("binary");
        byte[] data = binary ? Samples.random(size) : Samples.utf8(payload, size);
        frames = Samples.maskedFrames(binary ? 2 : 1, data, MAX);
        parser = new FrameParser(new MessageAssembler(sink, MAX), MAX);
    }

    @Benchmark
    public long parse(Bytes bytes) {
        ByteBuffer source = frames;
        source.rewind();
        while (source.hasRemaining()) {
            parser.parse(source);
        }
        bytes.bytes += source.limit();
        return sink.sum;
    }

    /** Touches every message so that none can be optimized away. */
    static final class Sink implements MessageListener {
        long sum;

        @Override
        public void onText(String text, int bytes) {
            sum += text.length();
        }

        @Override
        public void onBinary(ByteBuffer data) {
            sum += data.remaining() + data.get(0);
        }

        @Override
        public void onPing(byte[] payload) {
        }

        @Override
        public void onPong(byte[] payload) {
        }

        @Override
        public void onCloseFrame(int code, String reason) {
        }
    }
}
