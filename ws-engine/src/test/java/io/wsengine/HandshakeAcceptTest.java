package io.wsengine;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.testing.RawWsClient;
import io.wsengine.testing.RawWsClient.Frame;
import io.wsengine.testing.TestTransport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Upgrade requests that must succeed, however their bytes arrive. */
@ParameterizedClass
@EnumSource(TestTransport.class)
class HandshakeAcceptTest extends RawServerTest {

    // RFC 6455 section 1.3: the example key and its accept value
    @Test
    void answersRfcExampleKeyWithItsAcceptValue() throws IOException {
        try (RawWsClient client = connect()) {
            client.sendRaw(upgradeRequest());
            String head = client.readResponseHead();
            assertThat(head).startsWith("HTTP/1.1 101 Switching Protocols\r\n");
            assertThat(head).containsIgnoringCase("\r\nUpgrade: websocket\r\n");
            assertThat(head).containsIgnoringCase("\r\nConnection: Upgrade\r\n");
            assertThat(head).contains("\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n");
        }
    }

    @Test
    void acceptsHeadTrickledOneByteAtATime() throws IOException {
        try (RawWsClient client = connect()) {
            client.trickle(upgradeRequest().getBytes(StandardCharsets.ISO_8859_1));
            assertThat(client.readResponseHead()).startsWith("HTTP/1.1 101 Switching Protocols\r\n");
            client.sendText("after a slow head");
            assertThat(client.readFrame().text()).isEqualTo("after a slow head");
        }
    }

    // The client may send frames right after its head (RFC 6455 section 4.1 lets it once it has sent the
    // handshake); bytes that arrive with the head must not be lost.
    @Test
    void echoesFramesSentInTheSameWriteAsTheHead() throws IOException {
        try (RawWsClient client = connect()) {
            ByteArrayOutputStream write = new ByteArrayOutputStream();
            write.writeBytes(upgradeRequest().getBytes(StandardCharsets.ISO_8859_1));
            write.writeBytes(RawWsClient.text("first"));
            write.writeBytes(RawWsClient.text("second"));
            client.sendRaw(write.toByteArray());
            assertThat(client.readResponseHead()).startsWith("HTTP/1.1 101 Switching Protocols\r\n");
            Frame first = client.readFrame();
            Frame second = client.readFrame();
            assertThat(first.text()).isEqualTo("first");
            assertThat(second.text()).isEqualTo("second");
        }
    }
}
