package io.wsengine.bench.soak;

import io.wsengine.bench.BlockingWsClient;
import io.wsengine.bench.ServerProcess;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The connections of one scenario run. Reads are bounded by the scenario's deadline; a write that
 * the server never takes is ended by a watchdog that resets every connection at the deadline; and
 * whatever is still open when the scenario ends is reset, so no run leaves a socket behind.
 */
final class ScenarioConnections implements AutoCloseable {
    private final ServerProcess server;
    final long deadline;
    private final List<Socket> raw = new ArrayList<>();
    private final List<BlockingWsClient> clients = new ArrayList<>();
    private final ScheduledFuture<?> watchdog;
    private boolean ended;

    ScenarioConnections(ServerProcess server, ScheduledExecutorService watchdogs, Duration timeout) {
        this.server = server;
        this.deadline = System.nanoTime() + timeout.toNanos();
        this.watchdog = watchdogs.schedule(this::resetAll, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    URI url(String path) {
        return server.url(path);
    }

    BlockingWsClient open(String path) throws IOException {
        return open(path, 0);
    }

    /** An upgraded connection; {@code receiveBuffer} > 0 makes the socket's receive window that small. */
    BlockingWsClient open(String path, int receiveBuffer) throws IOException {
        BlockingWsClient client = BlockingWsClient.open(url(path), deadline, receiveBuffer);
        if (!track(client)) {
            client.abort();
            throw new IOException("scenario deadline passed");
        }
        return client;
    }

    /** A plain TCP connection, nothing sent. */
    Socket connect(String path) throws IOException {
        Socket socket = BlockingWsClient.connect(url(path), deadline, 0);
        synchronized (this) {
            if (!ended) {
                raw.add(socket);
                return socket;
            }
        }
        BlockingWsClient.reset(socket);
        throw new IOException("scenario deadline passed");
    }

    private synchronized boolean track(BlockingWsClient client) {
        if (ended) {
            return false;
        }
        clients.add(client);
        return true;
    }

    private synchronized void resetAll() {
        ended = true;
        clients.forEach(BlockingWsClient::abort);
        raw.forEach(BlockingWsClient::reset);
    }

    @Override
    public void close() {
        watchdog.cancel(false);
        resetAll();
    }
}
