package io.wsengine.spring.security;

import io.wsengine.HandshakeRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A credential that an upgrade request carries: a bearer token (in {@code Authorization}, or offered as
 * the subprotocol after {@value WsSecurityInterceptor#BEARER_SUBPROTOCOL}), or a one-time ticket
 * ({@code ?ticket=}). Its {@code toString()} never shows the value.
 *
 * @param kind  where it came from
 * @param value the token or ticket, as sent
 */
record HandshakeCredential(Kind kind, String value) {
    /** RFC 6750 section 2.1: b64token. */
    private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

    /** Where a credential came from. */
    enum Kind {
        AUTHORIZATION_HEADER, SUBPROTOCOL, TICKET;

        boolean isBearerToken() {
            return this != TICKET;
        }
    }

    /** What a request carries: nothing, one credential, or more than one (which is refused). */
    record Found(List<HandshakeCredential> credentials) {
        HandshakeCredential single() {
            return credentials.size() == 1 ? credentials.get(0) : null;
        }
    }

    /**
     * Collects the request's credentials. An {@code Authorization} header of another scheme (Basic,
     * say) is not one; an empty ticket or bearer token is, and fails authentication.
     *
     * @param request the request, for its query
     * @param headers its headers, read once (each read of a session's request parses it again)
     * @param offered its subprotocols, in order
     */
    static Found find(HandshakeRequest request, Map<String, List<String>> headers, List<String> offered) {
        List<HandshakeCredential> found = new ArrayList<>(1);
        List<String> authorization = headers.get("Authorization");
        if (authorization != null) {
            for (String value : authorization) {
                if (value.length() >= 6 && value.substring(0, 6).toLowerCase(Locale.ROOT).equals("bearer")
                        && (value.length() == 6 || value.charAt(6) == ' ')) {
                    found.add(new HandshakeCredential(Kind.AUTHORIZATION_HEADER, value.substring(6).trim()));
                }
            }
        }
        for (int i = 0; i < offered.size() - 1; i++) {
            if (offered.get(i).equals(WsSecurityInterceptor.BEARER_SUBPROTOCOL)) {
                found.add(new HandshakeCredential(Kind.SUBPROTOCOL, offered.get(++i)));
            }
        }
        List<String> tickets = request.queryParams().get(WsSecurityInterceptor.TICKET_PARAMETER);
        if (tickets != null) {
            tickets.forEach(ticket -> found.add(new HandshakeCredential(Kind.TICKET, ticket)));
        }
        return new Found(found);
    }

    /** {@return the subprotocols offered in these headers, in order: as the engine reads them} */
    static List<String> offeredSubprotocols(Map<String, List<String>> headers) {
        List<String> offered = new ArrayList<>();
        for (String value : headers.getOrDefault("Sec-WebSocket-Protocol", List.of())) {
            for (String element : value.split(",")) {
                if (!element.isBlank()) {
                    offered.add(element.trim());
                }
            }
        }
        return offered;
    }

    /** {@return whether a bearer token has the form RFC 6750 allows; tickets are looked up as they are} */
    boolean wellFormed() {
        return !kind.isBearerToken() || B64TOKEN.matcher(value).matches();
    }

    /**
     * A message with every occurrence of the credential's value replaced, for a log line: a token
     * checker's exception might quote what it was given.
     */
    String scrub(String message) {
        return message == null || value.isEmpty() ? message : message.replace(value, "[hidden]");
    }

    @Override
    public String toString() {
        return "HandshakeCredential[" + kind + ", " + value.length() + " characters]";
    }
}
