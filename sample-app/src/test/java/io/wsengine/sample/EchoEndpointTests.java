package io.wsengine.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.spring.test.WsTestSession;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@code /echo} sends back what it gets, text as text and binary as binary. */
class EchoEndpointTests extends ChatServerTestSupport {

    @Test
    void textIsEchoedUnchanged() {
        WsTestSession client = connect("/echo");
        String text = "héllo \uD83D\uDE00 {\"type\":\"not parsed\"}";

        client.sendText(text);

        assertThat(client.awaitText()).isEqualTo(text);
    }

    @Test
    void binaryIsEchoedUnchanged() {
        WsTestSession client = connect("/echo");
        byte[] data = new byte[256];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }

        client.sendBinary(data);

        assertThat(client.awaitBinary()).isEqualTo(data);
    }

    @Test
    void largeTextIsEchoedUnchanged() {
        WsTestSession client = connect("/echo");
        StringBuilder text = new StringBuilder();
        Random random = new Random(42);
        while (text.length() < 200_000) {
            text.append((char) ('a' + random.nextInt(26)));
        }

        client.sendText(text);

        assertThat(client.awaitText()).isEqualTo(text.toString());
    }

    @Test
    void messagesAreEchoedInOrder() {
        WsTestSession client = connect("/echo");

        client.sendText("first");
        client.sendBinary(new byte[] {2});
        client.sendText("third");

        assertThat(client.awaitText()).isEqualTo("first");
        assertThat(client.awaitBinary()).containsExactly(2);
        assertThat(client.awaitText()).isEqualTo("third");
    }

    // The conformance suite's largest messages are 16 MiB (its cases 9.1.6 and 9.2.6).
    @Test
    void takesMessagesUpTo16MiB() {
        WsTestSession client = connect("/echo");
        byte[] data = new byte[16 * 1024 * 1024];
        new Random(7).nextBytes(data);

        client.sendBinary(data);

        assertThat(client.awaitBinary()).isEqualTo(data);
    }

    @Test
    void closesWith1009OverThe16MiBLimit() {
        WsTestSession client = connect("/echo");

        client.sendBinary(new byte[16 * 1024 * 1024 + 1]);

        assertThat(client.awaitClose().code()).isEqualTo(1009);
    }
}
