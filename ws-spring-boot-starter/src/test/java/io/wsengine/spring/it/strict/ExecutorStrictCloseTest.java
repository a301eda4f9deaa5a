package io.wsengine.spring.it.strict;

import io.wsengine.spring.LocalWsServerPort;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/** The strict close with the default dispatch: endpoint methods on the application's task executor. */
@SpringBootTest(classes = ExecutorStrictCloseTest.App.class, properties = {
        "ws.server.port=0",
        "ws.server.dispatch=executor",
        "spring.task.execution.pool.core-size=4"})
class ExecutorStrictCloseTest extends StrictCloseSequences {

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
