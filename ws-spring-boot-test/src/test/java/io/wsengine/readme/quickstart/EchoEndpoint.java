package io.wsengine.readme.quickstart;

// tag::quick-start-endpoint[]
import io.wsengine.WsSession;
import io.wsengine.spring.OnOpen;
import io.wsengine.spring.OnTextMessage;
import io.wsengine.spring.PathParam;
import io.wsengine.spring.WsEndpoint;

@WsEndpoint("/echo/{name}")                 // a @Component: component scanning finds it
public class EchoEndpoint {

    @OnOpen
    void open(WsSession session, @PathParam("name") String name) {
        session.sendText("hello " + name);
    }

    @OnTextMessage
    String echo(String text) {              // what a method returns is sent back to the session
        return text;
    }
}
// end::quick-start-endpoint[]
