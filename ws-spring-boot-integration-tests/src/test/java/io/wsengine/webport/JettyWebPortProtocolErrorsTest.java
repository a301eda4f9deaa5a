package io.wsengine.webport;

import org.springframework.boot.test.context.SpringBootTest;

/** {@link WebPortProtocolErrorsTest}'s bad handshakes and frames, on Jetty's port. */
@SpringBootTest(classes = {WebPortApp.class, OnJetty.class}, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ws.server.serve-on=web-port", "ws.server.max-message-size=64KB"})
class JettyWebPortProtocolErrorsTest extends WebPortProtocolErrorsTest {
}
