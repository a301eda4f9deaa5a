package io.wsengine.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wsengine.internal.http.ExtensionOffers.Offer;
import io.wsengine.internal.http.ExtensionOffers.Parameter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code Sec-WebSocket-Extensions} grammar of RFC 6455 section 9.1: what parses, and what is a 400. */
class ExtensionOffersTest {

    private static List<Offer> parse(String... headers) {
        return ExtensionOffers.parse(List.of(headers));
    }

    @Test
    void readsOffersWithParametersWithAndWithoutValues() {
        assertThat(parse("permessage-deflate; client_max_window_bits; server_max_window_bits=10"))
                .containsExactly(new Offer("permessage-deflate", List.of(new Parameter("client_max_window_bits", null),
                        new Parameter("server_max_window_bits", "10"))));
    }

    @Test
    void readsSeveralOffersInOneHeaderAndAcrossHeadersInOrder() {
        assertThat(parse("x-webkit-deflate-frame, permessage-deflate;server_no_context_takeover", "foo"))
                .extracting(Offer::name).containsExactly("x-webkit-deflate-frame", "permessage-deflate", "foo");
    }

    @Test
    void unescapesQuotedValuesAndKeepsCommasAndSemicolonsInside() {
        assertThat(parse("a; p=\"1\\0\", b; q=\"x,y;z\""))
                .containsExactly(new Offer("a", List.of(new Parameter("p", "10"))),
                        new Offer("b", List.of(new Parameter("q", "x,y;z"))));
    }

    @Test
    void allowsWhitespaceAroundSeparatorsAndSkipsEmptyElements() {
        assertThat(parse(" , a ;\tp = 1 ;q ,, b ,"))
                .containsExactly(new Offer("a", List.of(new Parameter("p", "1"), new Parameter("q", null))),
                        new Offer("b", List.of()));
    }

    @Test
    void keepsDuplicateParametersForTheExtensionToJudge() {
        assertThat(parse("a; p; p=2").get(0).parameters()).extracting(Parameter::name).containsExactly("p", "p");
    }

    @Test
    void emptyHeadersHoldNoOffers() {
        assertThat(parse("", " ", ",")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "permessage-deflate;", // a parameter name is missing
            "permessage-deflate; ; client_max_window_bits",
            "permessage-deflate; =10",
            "permessage-deflate; server_max_window_bits=", // a value is missing
            "permessage-deflate; server_max_window_bits=\"10", // an unclosed quote
            "permessage-deflate; server_max_window_bits=\"10\\",
            "permessage-deflate; server_max_window_bits=\"10\"5", // something after the quote
            "permessage-deflate client_max_window_bits", // no separator
            "permessage-deflate; server_max_window_bits=1 0",
            "; client_max_window_bits", // no extension name
            "permessage/deflate", // not a token
            "\"permessage-deflate\"",
            "permessage-deflate; a=b=c",
    })
    void refusesAHeaderThatDoesNotFollowTheGrammarWith400(String header) {
        assertThatThrownBy(() -> parse(header)).isInstanceOfSatisfying(BadRequestException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).startsWith("malformed Sec-WebSocket-Extensions header");
        });
    }

    @Test
    void oneMalformedHeaderAmongGoodOnesIsEnoughFor400() {
        assertThatThrownBy(() -> parse("permessage-deflate", "permessage-deflate;;"))
                .isInstanceOf(BadRequestException.class);
    }
}
