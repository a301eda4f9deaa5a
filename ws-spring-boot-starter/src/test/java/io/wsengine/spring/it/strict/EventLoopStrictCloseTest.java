package io.wsengine.spring.it.strict;

import io.wsengine.spring.LocalWsServerPort;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/** The strict close with endpoint methods called on the event loop. */
@SpringBootTest(classes = EventLoopStrictCloseTest.App.class, properties = {
        "ws.server.port=0",
        "ws.server.dispatch=event-loop"})
class EventLoopStrictCloseTest extends StrictCloseSequences {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({LateEchoEndpoint.class, StageReplyEndpoint.class})
    static class App {
    }

    @LocalWsServerPort
    int port;

    @Override
    int port() {
        return port;
    }
}
