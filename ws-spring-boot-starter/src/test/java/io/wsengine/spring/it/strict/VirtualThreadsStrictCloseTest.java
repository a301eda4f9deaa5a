package io.wsengine.spring.it.strict;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wsengine.spring.LocalWsServerPort;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/** The strict close with endpoint methods on virtual threads (Java 21+; CI runs it on a newer JDK). */
@SpringBootTest(classes = VirtualThreadsStrictCloseTest.App.class, properties = {
        "ws.server.port=0",
        "spring.threads.virtual.enabled=true"})
class VirtualThreadsStrictCloseTest extends StrictCloseSequences {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({LateEchoEndpoint.class, StageReplyEndpoint.class})
    static class App {
    }

    @LocalWsServerPort
    int port;

    @BeforeEach
    void needsVirtualThreads() {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need Java 21+");
    }

    @Override
    int port() {
        return port;
    }
}
