package io.wsengine.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wsengine.spring.LocalWsServerPort;
import io.wsengine.spring.OnTextMessage;
import io.wsengine.spring.WsEndpoint;
import io.wsengine.spring.testing.TestClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/** With Spring's virtual threads on (Java 21+), endpoint methods run on virtual threads. */
@SpringBootTest(classes = VirtualThreadsTest.App.class, properties = {
        "ws.server.port=0",
        "spring.threads.virtual.enabled=true"})
class VirtualThreadsTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(ThreadEndpoint.class)
    static class App {
    }

    @WsEndpoint("/thread")
    static class ThreadEndpoint {
        @OnTextMessage
        String text(String text) throws ReflectiveOperationException {
            // Thread.isVirtual() exists from Java 21; this code compiles for 17.
            return "virtual=" + Thread.class.getMethod("isVirtual").invoke(Thread.currentThread());
        }
    }

    @LocalWsServerPort
    int port;

    @Test
    void endpointMethodsRunOnVirtualThreads() {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need Java 21+");
        try (TestClient client = TestClient.connect(port, "/thread")) {
            client.send("which thread?");
            assertThat(client.nextText()).isEqualTo("virtual=true");
        }
    }
}
