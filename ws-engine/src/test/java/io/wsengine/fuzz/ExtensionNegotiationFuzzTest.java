package io.wsengine.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.wsengine.CompressionConfig;
import io.wsengine.internal.deflate.DeflateAgreement;
import io.wsengine.internal.deflate.DeflateNegotiation;
import io.wsengine.internal.http.BadRequestException;
import io.wsengine.internal.http.ExtensionOffers;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * permessage-deflate's negotiation over any {@code Sec-WebSocket-Extensions} headers a request can
 * carry: it agrees, declines or refuses with {@code 400}, and nothing else; an agreement's response
 * names the extension once, with parameters the server may send only, and is one the client offered
 * an extension for.
 *
 * <p>Input: one byte, whose lowest bit picks the context takeover policy; the rest are header values
 * separated by line feeds, with no other control character but tab (the request parser refuses them).
 */
class ExtensionNegotiationFuzzTest {
    private static final DeflateNegotiation ALLOWED = new DeflateNegotiation(CompressionConfig.builder()
            .contextTakeover(CompressionConfig.ContextTakeover.ALLOWED).build());
    private static final DeflateNegotiation NONE = new DeflateNegotiation(CompressionConfig.builder()
            .contextTakeover(CompressionConfig.ContextTakeover.NONE).build());
    private static final Set<String> RESPONSE_PARAMETERS = Set.of("server_no_context_takeover",
            "client_no_context_takeover", "server_max_window_bits");

    @DictionaryEntries({"permessage-deflate", "server_no_context_takeover", "client_no_context_takeover",
            "server_max_window_bits", "client_max_window_bits", "=15", "=\"", "\\x0A", "; ", ", "})
    @FuzzTest(maxDuration = "10m")
    void negotiationAgreesDeclinesOrRefuses(byte[] input) {
        if (input.length < 1) {
            return;
        }
        String text = new String(input, 1, input.length - 1, StandardCharsets.ISO_8859_1);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) {
                return;
            }
        }
        List<String> headers = Arrays.asList(text.split("\n", -1));
        DeflateAgreement agreement;
        try {
            agreement = ((input[0] & 1) == 0 ? ALLOWED : NONE).negotiate(headers);
        } catch (BadRequestException e) {
            check(e.status() == 400, headers, "a refusal to be a 400, was " + e.status());
            return;
        }
        if (agreement == null) {
            return;
        }
        List<ExtensionOffers.Offer> answered = ExtensionOffers.parse(List.of(agreement.responseHeader()));
        check(answered.size() == 1 && answered.get(0).name().equals(DeflateNegotiation.EXTENSION), headers,
                "one permessage-deflate in the response, was " + agreement.responseHeader());
        for (ExtensionOffers.Parameter parameter : answered.get(0).parameters()) {
            check(RESPONSE_PARAMETERS.contains(parameter.name()), headers, "only parameters a server may send, was "
                    + agreement.responseHeader());
        }
        check(ExtensionOffers.parse(headers).stream().anyMatch(offer -> offer.name().equals(DeflateNegotiation.EXTENSION)),
                headers, "an agreement only on an offer of the extension");
    }

    private static void check(boolean condition, List<String> headers, String expected) {
        if (!condition) {
            throw new AssertionError("expected " + expected + "\nheaders: " + headers);
        }
    }
}
