package io.wsengine;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.testing.RawWsClient;
import io.wsengine.testing.RawWsClient.Frame;
import io.wsengine.testing.TestTransport;
import java.io.IOException;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.Parameter;

/**
 * A real {@link WsServer} on 127.0.0.1 with an echo route at {@link #ECHO}, talked to over raw
 * sockets. Tests that need other settings call {@link #startServer} first; the others get the
 * defaults on the first {@link #port()}. After every test a fresh client must still be served: bad
 * input may cost the offending connection, nothing else.
 *
 * <p>Every subclass runs on both transports, plain TCP and TLS: server and clients go over
 * {@link #transport}, its class parameter.
 */
abstract class RawServerTest {
    static final String ECHO = "/echo";

    /** Set by the subclass's {@code @ParameterizedClass @EnumSource(TestTransport.class)}. */
    @Parameter
    TestTransport transport;

    final RecordingHandler handler = new RecordingHandler();
    private WsServer server;

    /** Starts the server with the test defaults plus {@code customize}. */
    WsServer startServer(UnaryOperator<WsServerConfig.Builder> customize) {
        if (server != null) {
            throw new IllegalStateException("the server is already started");
        }
        WsServerConfig.Builder defaults = transport.local().route(ECHO, handler);
        server = new WsServer(customize.apply(defaults).build()).start();
        return server;
    }

    int port() {
        if (server == null) {
            startServer(builder -> builder);
        }
        return server.port();
    }

    RawWsClient connect() throws IOException {
        return transport.connectRaw(port());
    }

    /** A client that has completed the handshake on the echo route. */
    RawWsClient open() throws IOException {
        return open(ECHO);
    }

    /** A client that has completed the handshake on {@code path}. */
    RawWsClient open(String path) throws IOException {
        return transport.openRaw(port(), path);
    }

    /** A valid upgrade request for the echo route. */
    String upgradeRequest() {
        return RawWsClient.upgradeRequest(ECHO, port());
    }

    /** The server's next close frame has this code, and then the server closes the connection. */
    static void assertClosedWith(RawWsClient client, int code) throws IOException {
        Frame close = client.readClose();
        assertThat(close.closeCode()).as("close code (reason: %s)", close.closeReason()).isEqualTo(code);
        assertThat(client.readUntilClosed()).as("bytes after the close frame").isEmpty();
    }

    /** Reads the next frame that is not a ping or pong. */
    static Frame readDataFrame(RawWsClient client) throws IOException {
        while (true) {
            Frame frame = client.readFrame();
            if (frame.opcode() != 0x9 && frame.opcode() != 0xA) {
                return frame;
            }
        }
    }

    @AfterEach
    void aFreshClientIsStillServed() throws IOException {
        if (server == null) {
            return;
        }
        try (RawWsClient fresh = open()) {
            fresh.sendText("still serving");
            Frame echo = readDataFrame(fresh);
            assertThat(echo.opcode()).isEqualTo(0x1);
            assertThat(echo.text()).isEqualTo("still serving");
            fresh.sendClose(1000, "");
            assertClosedWith(fresh, 1000);
        } finally {
            server.stop(Duration.ofSeconds(2));
        }
    }
}
