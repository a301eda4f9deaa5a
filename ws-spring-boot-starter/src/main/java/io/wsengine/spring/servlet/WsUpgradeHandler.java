package io.wsengine.spring.servlet;

import io.wsengine.HostedUpgrade;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * What the servlet container runs an upgraded connection with: the engine's session, given the
 * engine's accepted {@link HostedUpgrade} before the container calls {@link #init}. The container
 * creates it (so it needs a public no-argument constructor); applications do not.
 */
public class WsUpgradeHandler implements HttpUpgradeHandler {
    private HostedUpgrade upgrade;
    private long maxUnread;
    private Duration closeTimeout;
    private ServletHostedChannel channel;

    /** Called by the servlet container. */
    public WsUpgradeHandler() {
    }

    /** Gives the handler the engine's acceptance, between {@code request.upgrade(...)} and {@link #init}. */
    void accept(HostedUpgrade accepted, long maxUnread, Duration closeTimeout) {
        this.upgrade = accepted;
        this.maxUnread = maxUnread;
        this.closeTimeout = closeTimeout;
    }

    /**
     * Starts the engine's session over the connection, in non-blocking mode.
     *
     * @param connection the upgraded connection
     * @throws UncheckedIOException when its streams cannot be had
     */
    @Override
    public void init(WebConnection connection) {
        try {
            channel = new ServletHostedChannel(connection, maxUnread, closeTimeout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        channel.listen(); // before the engine's first read: non-blocking mode must be on
        channel.runs(upgrade.open(channel));
    }

    /** The container is done with the connection: the session ends if it has not yet. */
    @Override
    public void destroy() {
        if (channel != null) {
            channel.onError(new IOException("the servlet container ended the connection"));
        }
    }
}
