package io.wsengine.readme.security;

// tag::permit-all-endpoint[]
import io.wsengine.spring.OnOpen;
import io.wsengine.spring.WsEndpoint;
import io.wsengine.spring.security.WsPermitAll;

@WsPermitAll                                // no credentials needed; sent ones are still checked
@WsEndpoint("/status")
class StatusEndpoint {
    @OnOpen
    String open() {
        return "up";
    }
}
// end::permit-all-endpoint[]
