package io.wsengine.readme.endpointsecurity;

import io.wsengine.spring.OnError;
import io.wsengine.spring.OnOpen;
import io.wsengine.spring.OnTextMessage;
import io.wsengine.spring.WsBroadcaster;
import io.wsengine.spring.WsEndpoint;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;

record Notice(String user, String text) { }

// tag::endpoint-security[]
@WsEndpoint("/account")
class AccountEndpoint {
    private final WsBroadcaster broadcaster;

    AccountEndpoint(WsBroadcaster broadcaster) {
        this.broadcaster = broadcaster;
    }

    @OnOpen
    String open(Authentication user) {      // the session's principal; null when anonymous
        return user == null ? "hello, stranger" : "hello " + user.getName();
    }

    @OnTextMessage
    @PreAuthorize("hasRole('ADMIN')")       // the application has @EnableMethodSecurity
    String notify(Notice notice) {
        int sessions = broadcaster.sendToUser(notice.user(), notice.text());  // each of the user's sessions
        return "sent to " + sessions;
    }

    @OnError                                // without it, a denied call closes 1008
    String denied(AccessDeniedException denied) {
        return "admins only";
    }
}
// end::endpoint-security[]
