package io.wsengine.internal.deflate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wsengine.CompressionConfig;
import io.wsengine.CompressionConfig.ContextTakeover;
import io.wsengine.internal.http.BadRequestException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** permessage-deflate's negotiation (RFC 7692 sections 5 and 7.1): what is accepted, declined, answered. */
class DeflateNegotiationTest {
    private static final DeflateNegotiation ALLOWED = new DeflateNegotiation(
            CompressionConfig.builder().contextTakeover(CompressionConfig.ContextTakeover.ALLOWED).build());
    private static final DeflateNegotiation NONE = new DeflateNegotiation(
            CompressionConfig.builder().contextTakeover(ContextTakeover.NONE).build());

    /** The response header the server answers these headers with, or null when it declines them all. */
    private static String response(DeflateNegotiation negotiation, String... headers) {
        DeflateAgreement agreement = negotiation.negotiate(List.of(headers));
        return agreement == null ? null : agreement.responseHeader();
    }

    private static String response(String... headers) {
        return response(ALLOWED, headers);
    }

    // --- every parameter, with and without a value

    @Test
    void aBareOfferIsAcceptedBare() {
        assertThat(response("permessage-deflate")).isEqualTo("permessage-deflate");
        assertThat(ALLOWED.negotiate(List.of("permessage-deflate")).parameters())
                .isEqualTo(new DeflateParameters(false, false, 15, 15));
    }

    @Test
    void serverNoContextTakeoverIsHonoured() {
        assertThat(response("permessage-deflate; server_no_context_takeover"))
                .isEqualTo("permessage-deflate; server_no_context_takeover");
        assertThat(ALLOWED.negotiate(List.of("permessage-deflate; server_no_context_takeover")).parameters())
                .isEqualTo(new DeflateParameters(true, false, 15, 15));
    }

    @Test
    void clientNoContextTakeoverIsEchoedSoTheInflaterMayForgetBetweenMessages() {
        assertThat(response("permessage-deflate; client_no_context_takeover"))
                .isEqualTo("permessage-deflate; client_no_context_takeover");
        assertThat(ALLOWED.negotiate(List.of("permessage-deflate; client_no_context_takeover")).parameters())
                .isEqualTo(new DeflateParameters(false, true, 15, 15));
    }

    @Test
    void serverMaxWindowBitsOf15IsAnswered() {
        assertThat(response("permessage-deflate; server_max_window_bits=15"))
                .isEqualTo("permessage-deflate; server_max_window_bits=15");
        assertThat(response("permessage-deflate; server_max_window_bits=\"15\""))
                .isEqualTo("permessage-deflate; server_max_window_bits=15");
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 9, 10, 14})
    void serverMaxWindowBitsBelow15IsHonouredByResettingTheContextAfterEveryMessage(int bits) {
        String offer = "permessage-deflate; server_max_window_bits=" + bits;

        assertThat(response(offer)).isEqualTo("permessage-deflate; server_no_context_takeover; server_max_window_bits=" + bits);
        assertThat(ALLOWED.negotiate(List.of(offer)).parameters()).isEqualTo(new DeflateParameters(true, false, bits, 15));
    }

    @ParameterizedTest
    @ValueSource(strings = {"permessage-deflate; client_max_window_bits",
            "permessage-deflate; client_max_window_bits=8", "permessage-deflate; client_max_window_bits=10",
            "permessage-deflate; client_max_window_bits=15", "permessage-deflate; client_max_window_bits=\"12\""})
    void clientMaxWindowBitsWithOrWithoutAValueIsAcceptedAndNotNamed(String offer) {
        assertThat(response(offer)).isEqualTo("permessage-deflate");
        assertThat(ALLOWED.negotiate(List.of(offer)).parameters().clientMaxWindowBits()).isEqualTo(15);
    }

    @Test
    void everyParameterAtOnceIsAnsweredInOneOrder() {
        assertThat(response("permessage-deflate; client_max_window_bits=9; server_max_window_bits=15;"
                + " client_no_context_takeover; server_no_context_takeover"))
                .isEqualTo("permessage-deflate; server_no_context_takeover; client_no_context_takeover;"
                        + " server_max_window_bits=15");
    }

    @Test
    void chromiumsOfferIsAccepted() {
        assertThat(response("permessage-deflate; client_max_window_bits")).isEqualTo("permessage-deflate");
    }

    // --- bad offers are declined, and the connection goes on uncompressed

    @ParameterizedTest
    @ValueSource(strings = {
            "permessage-deflate; unknown_parameter",
            "permessage-deflate; mux=1",
            "permessage-deflate; Server_No_Context_Takeover", // names compare exactly
            "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
            "permessage-deflate; client_max_window_bits; client_max_window_bits=10",
            "permessage-deflate; server_max_window_bits=15; server_max_window_bits=15",
            "permessage-deflate; server_no_context_takeover=1",
            "permessage-deflate; client_no_context_takeover=true",
            "permessage-deflate; server_max_window_bits", // needs a value
            "permessage-deflate; server_max_window_bits=7",
            "permessage-deflate; server_max_window_bits=16",
            "permessage-deflate; server_max_window_bits=abc",
            "permessage-deflate; server_max_window_bits=015", // a leading zero
            "permessage-deflate; client_max_window_bits=7",
            "permessage-deflate; client_max_window_bits=16",
            "permessage-deflate; client_max_window_bits=abc",
            "permessage-deflate; client_max_window_bits=09",
            "permessage-deflate; client_max_window_bits=-9",
            "permessage-deflate; client_max_window_bits=\"1 0\"", // quoted, but not a token once unquoted
            "permessage-deflate; client_max_window_bits=\"7\"",
            "permessage-deflate; client_max_window_bits=\"\"",
            "permessage-deflate; client_max_window_bits=100000000000",
    })
    void aLoneBadOfferLeavesTheConnectionUncompressed(String offer) {
        assertThat(response(offer)).isNull();
    }

    @Test
    void otherExtensionsAreIgnored() {
        assertThat(response("x-webkit-deflate-frame")).isNull();
        assertThat(response("x-webkit-deflate-frame; no_context_takeover, permessage-deflate"))
                .isEqualTo("permessage-deflate");
        assertThat(response("PerMessage-Deflate")).as("another extension's name").isNull();
    }

    // --- several offers: the first honourable one wins

    @Test
    void theFirstHonourableOfferInOneHeaderWins() {
        assertThat(response("permessage-deflate; server_max_window_bits=16; client_max_window_bits,"
                + " permessage-deflate; server_no_context_takeover, permessage-deflate"))
                .isEqualTo("permessage-deflate; server_no_context_takeover");
    }

    @Test
    void theFirstHonourableOfferAcrossHeadersWins() {
        assertThat(response("permessage-deflate; bogus", "x-webkit-deflate-frame",
                "permessage-deflate; client_no_context_takeover", "permessage-deflate"))
                .isEqualTo("permessage-deflate; client_no_context_takeover");
    }

    @Test
    void whenEveryOfferIsDeclinedThereIsNoAgreement() {
        assertThat(response("permessage-deflate; server_max_window_bits=7, permessage-deflate; x",
                "permessage-deflate; client_max_window_bits=16")).isNull();
    }

    // --- the server's policies

    @ParameterizedTest
    @ValueSource(strings = {
            "permessage-deflate",
            "permessage-deflate; client_max_window_bits",
            "permessage-deflate; server_no_context_takeover",
            "permessage-deflate; client_no_context_takeover; server_no_context_takeover",
    })
    void noneAsksForNoContextTakeoverBothWaysOfferedOrNot(String offer) {
        assertThat(response(NONE, offer))
                .isEqualTo("permessage-deflate; server_no_context_takeover; client_no_context_takeover");
        assertThat(NONE.negotiate(List.of(offer)).parameters()).isEqualTo(new DeflateParameters(true, true, 15, 15));
    }

    @Test
    void noneStillAnswersTheServerWindowBits() {
        assertThat(response(NONE, "permessage-deflate; server_max_window_bits=15")).isEqualTo(
                "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=15");
    }

    @Test
    void noneStillAnswersASmallerServerWindow() {
        assertThat(response(NONE, "permessage-deflate; server_max_window_bits=9")).isEqualTo(
                "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=9");
    }

    @Test
    void noneStillDeclinesBadOffers() {
        assertThat(response(NONE, "permessage-deflate; server_max_window_bits=17")).isNull();
    }

    @Test
    void disabledCompressionAgreesToNothingAndDoesNotReadTheHeaders() {
        DeflateNegotiation disabled = new DeflateNegotiation(CompressionConfig.DISABLED);
        assertThat(response(disabled, "permessage-deflate")).isNull();
        assertThat(response(disabled, "permessage-deflate;;")).as("not even parsed").isNull();
    }

    @Test
    void noHeaderNoAgreement() {
        assertThat(ALLOWED.negotiate(List.of())).isNull();
    }

    @Test
    void aHeaderThatDoesNotParseIsRefusedWith400() {
        assertThatThrownBy(() -> response("permessage-deflate; client_max_window_bits=\"10"))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void agreementsAreSharedNotMadePerConnection() {
        assertThat(ALLOWED.negotiate(List.of("permessage-deflate")))
                .isSameAs(ALLOWED.negotiate(List.of("permessage-deflate; client_max_window_bits")));
    }
}
