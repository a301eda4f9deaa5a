package io.wsengine.readme.endpoints;

import io.wsengine.WsSession;
import io.wsengine.spring.OnOpen;
import io.wsengine.spring.WsEndpoint;

// tag::endpoint-attributes[]
@WsEndpoint(value = "/prices", subprotocols = {"prices.v2", "prices.v1"}, maxMessageSize = 4096,
        overflowPolicy = WsEndpoint.Overflow.DROP)   // a slow reader misses prices, and stays connected
class PriceFeedEndpoint {
    @OnOpen
    void open(WsSession session) {
        session.join("prices");             // broadcaster.publish("prices", price) reaches it
    }
}
// end::endpoint-attributes[]
