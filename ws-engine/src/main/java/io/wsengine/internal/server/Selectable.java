package io.wsengine.internal.server;

import java.nio.channels.SelectionKey;

/** What an event loop's selection key is attached to: a listening socket or a connection. */
interface Selectable {
    void onReady(SelectionKey key);

    /** Called by the loop's timer tick, about every 100 ms, with the loop's time in nanoseconds. */
    void checkTimers(long now);
}
