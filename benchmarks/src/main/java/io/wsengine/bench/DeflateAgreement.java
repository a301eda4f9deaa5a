package io.wsengine.bench;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a server agreed to in its {@code Sec-WebSocket-Extensions} response to a {@link DeflateOffer}
 * (RFC 7692 section 7.1), checked as strictly as a client must: one permessage-deflate, no parameter
 * the client did not allow, none twice.
 *
 * @param resetCompressor   the client starts each message it sends from an empty window
 *                          (client_no_context_takeover offered or answered)
 * @param resetDecompressor each message the server sends starts from an empty window
 *                          (server_no_context_takeover answered), so the client may reset its inflater too
 */
record DeflateAgreement(boolean resetCompressor, boolean resetDecompressor) {

    /** Parses the response's header value; throws {@link IllegalArgumentException} saying what is wrong. */
    static DeflateAgreement parse(String response, DeflateOffer offer) {
        if (response.indexOf(',') >= 0) {
            throw new IllegalArgumentException("server agreed to more than one extension: " + response);
        }
        String[] parts = response.split(";");
        if (!parts[0].trim().equalsIgnoreCase("permessage-deflate")) {
            throw new IllegalArgumentException("server agreed to an extension it was not offered: " + response);
        }
        Set<String> seen = new HashSet<>();
        boolean clientNoContext = false;
        boolean serverNoContext = false;
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].trim();
            int eq = param.indexOf('=');
            String name = (eq < 0 ? param : param.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            if (!seen.add(name)) {
                throw new IllegalArgumentException("parameter " + name + " twice in " + response);
            }
            switch (name) {
                case "client_no_context_takeover" -> clientNoContext = true;
                case "server_no_context_takeover" -> serverNoContext = true;
                case "server_max_window_bits" -> windowBits(eq < 0 ? null : param.substring(eq + 1), response);
                // section 7.1.2.2: only in answer to an offer that had it, and this client's never has
                case "client_max_window_bits" -> throw new IllegalArgumentException(
                        "client_max_window_bits answered but not offered: " + response);
                default -> throw new IllegalArgumentException("unknown parameter " + name + " in " + response);
            }
        }
        if (offer == DeflateOffer.NO_CONTEXT_TAKEOVER && !serverNoContext) {
            // section 7.1.1.1: a server that accepts the offer must answer with the parameter
            throw new IllegalArgumentException("server_no_context_takeover offered but not answered: " + response);
        }
        return new DeflateAgreement(offer.clientNoContextTakeover() || clientNoContext, serverNoContext);
    }

    /** Any 8 to 15 will do: the client's inflater has a 15-bit window, which holds any smaller one. */
    private static void windowBits(String value, String response) {
        String digits = value == null ? "" : value.trim().replace("\"", "");
        int bits;
        try {
            bits = Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            bits = -1;
        }
        if (bits < 8 || bits > 15) {
            throw new IllegalArgumentException("server_max_window_bits must be 8 to 15 in " + response);
        }
    }
}
