package io.wsengine.sample;

import io.wsengine.spring.OnBinaryMessage;
import io.wsengine.spring.OnTextMessage;
import io.wsengine.spring.WsEndpoint;
import java.nio.ByteBuffer;

/** Echoes text and binary messages unchanged: for conformance and load tests of the whole stack. */
@WsEndpoint("/echo")
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
