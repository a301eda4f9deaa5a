package io.wsengine.readme.quickstart;

// tag::quick-start-test[]
import static io.wsengine.spring.test.WsAssertions.assertThat;

import io.wsengine.spring.test.AutoConfigureWsTestClient;
import io.wsengine.spring.test.WsTestClient;
import io.wsengine.spring.test.WsTestSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(properties = "ws.server.port=0")    // the WebSocket server on a free port
@AutoConfigureWsTestClient
class EchoEndpointTest {

    @Autowired
    WsTestClient ws;                                // connects to the server's port

    @Test
    void greetsThenEchoes() {
        try (WsTestSession session = ws.connect("/echo/ada")) {
            assertThat(session).receivesText("hello ada");

            session.sendText("hi");
            assertThat(session).receivesText("hi");
        }
    }
}
// end::quick-start-test[]
