package io.wsengine.sample;

import io.wsengine.spring.OnBinaryMessage;
import io.wsengine.spring.OnTextMessage;
import io.wsengine.spring.WsEndpoint;
import java.nio.ByteBuffer;

/**
 * Echoes text and binary messages unchanged: for conformance and load tests of the whole stack. It
 * takes messages up to 16 MiB, as the conformance suite's largest cases need; the chat keeps the
 * server's 1 MiB.
 */
@WsEndpoint(value = "/echo", maxMessageSize = 16 * 1024 * 1024)
public class EchoEndpoint {

    @OnTextMessage
    String text(String text) {
        return text;
    }

    @OnBinaryMessage
    ByteBuffer binary(ByteBuffer data) {
        return data;
    }
}
