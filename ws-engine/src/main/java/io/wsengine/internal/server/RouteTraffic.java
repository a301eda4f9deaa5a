package io.wsengine.internal.server;

import io.wsengine.MessageCounts;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.LongAdder;

/**
 * The messages and payload bytes of one route, each way, by type: counted always, for
 * {@link io.wsengine.WsServer#messageCounts(String)}, so that a metrics library reads them when it
 * is scraped rather than being called for every message. Each event loop counts its own sessions in
 * a stripe of its own, with plain stores (opaque, so that a reader on another thread sees whole
 * values); sends from any other thread go to shared adders.
 */
final class RouteTraffic {
    private static final int TEXT_IN = 0;
    private static final int TEXT_BYTES_IN = 1;
    private static final int BINARY_IN = 2;
    private static final int BINARY_BYTES_IN = 3;
    private static final int TEXT_OUT = 4;
    private static final int TEXT_BYTES_OUT = 5;
    private static final int BINARY_OUT = 6;
    private static final int BINARY_BYTES_OUT = 7;
    private static final int COUNTS = 8;
    /** Eight counts, and as much room again, so that two loops' stripes never share a cache line. */
    private static final int STRIPE = 2 * COUNTS;
    private static final VarHandle COUNT = MethodHandles.arrayElementVarHandle(long[].class);

    /** By event loop index; each written by its loop only. */
    private final long[][] stripes;
    private final LongAdder[] offLoop = new LongAdder[COUNTS];

    RouteTraffic(int eventLoops) {
        stripes = new long[eventLoops][STRIPE];
        for (int i = 0; i < COUNTS; i++) {
            offLoop[i] = new LongAdder();
        }
    }

    /** A whole message arrived on one of the loop's sessions. Event loop only. */
    void received(EventLoop loop, boolean text, long bytes) {
        long[] stripe = stripes[loop.index()];
        int first = text ? TEXT_IN : BINARY_IN;
        add(stripe, first, 1);
        add(stripe, first + 1, bytes);
    }

    /** A send to one of the loop's sessions was queued, on any thread. */
    void sent(EventLoop loop, boolean text, long bytes) {
        int first = text ? TEXT_OUT : BINARY_OUT;
        if (loop.inEventLoop()) {
            long[] stripe = stripes[loop.index()];
            add(stripe, first, 1);
            add(stripe, first + 1, bytes);
        } else {
            offLoop[first].increment();
            offLoop[first + 1].add(bytes);
        }
    }

    private static void add(long[] stripe, int index, long amount) {
        COUNT.setOpaque(stripe, index, (long) COUNT.getOpaque(stripe, index) + amount);
    }

    /** {@return the sums, each consistent on its own but not with the others while sessions run} */
    MessageCounts read() {
        long[] sums = new long[COUNTS];
        for (int i = 0; i < COUNTS; i++) {
            long sum = offLoop[i].sum();
            for (long[] stripe : stripes) {
                sum += (long) COUNT.getOpaque(stripe, i);
            }
            sums[i] = sum;
        }
        return new MessageCounts(sums[TEXT_IN], sums[TEXT_BYTES_IN], sums[BINARY_IN], sums[BINARY_BYTES_IN],
                sums[TEXT_OUT], sums[TEXT_BYTES_OUT], sums[BINARY_OUT], sums[BINARY_BYTES_OUT]);
    }
}
