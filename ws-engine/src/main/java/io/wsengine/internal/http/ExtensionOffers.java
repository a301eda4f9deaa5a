package io.wsengine.internal.http;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@code Sec-WebSocket-Extensions} headers of an upgrade request (RFC 6455 section 9.1) into
 * the client's offers, in its order of preference: every header, every comma-separated offer in each.
 *
 * <pre>
 * extension-list  = 1#extension
 * extension       = extension-token *( ";" extension-param )
 * extension-param = token [ "=" ( token / quoted-string ) ]
 * </pre>
 *
 * <p>Only the grammar is checked here; whether an offer's parameters make sense is its extension's
 * business, which declines an offer it cannot honour (RFC 7692 section 5) and lets the handshake go
 * on. A header that does not follow the grammar at all is the request's fault, not an offer's: it does
 * not match the handshake RFC 6455 section 4.2.1 describes, and is refused with {@code 400}, as there
 * is no telling where one offer ends and the next begins. Whitespace may surround every separator (the
 * grammar's implied linear white space) and empty list elements are skipped (RFC 9110 section
 * 5.6.1.2). A quoted value is given unescaped; that it must then be a token is left to the extension,
 * as a bad value of one offer, not a broken header.
 */
public final class ExtensionOffers {

    /**
     * One offer: an extension's name and its parameters as the client wrote them, duplicates included.
     *
     * @param name       the extension token, as sent (names compare exactly)
     * @param parameters the parameters in their order
     */
    public record Offer(String name, List<Parameter> parameters) {
    }

    /**
     * An extension parameter.
     *
     * @param name  the parameter's token
     * @param value its value, unescaped when it was quoted; null when it had none
     */
    public record Parameter(String name, String value) {
    }

    private final String text;
    private int position;

    private ExtensionOffers(String text) {
        this.text = text;
    }

    /**
     * The offers of every header, in order.
     *
     * @param headerValues the values of every {@code Sec-WebSocket-Extensions} header, in the order received
     * @return the offers; empty when there are none
     * @throws BadRequestException 400 when a header does not follow the grammar
     */
    public static List<Offer> parse(List<String> headerValues) {
        List<Offer> offers = new ArrayList<>();
        for (String value : headerValues) {
            new ExtensionOffers(value).readList(offers);
        }
        return offers;
    }

    private void readList(List<Offer> offers) {
        while (true) {
            skipWhitespace();
            if (atEnd()) {
                return;
            }
            if (peek() == ',') {
                position++; // an empty element
                continue;
            }
            offers.add(readOffer());
            skipWhitespace();
            if (atEnd()) {
                return;
            }
            expect(',');
        }
    }

    private Offer readOffer() {
        String name = readToken("an extension name");
        List<Parameter> parameters = new ArrayList<>();
        while (true) {
            skipWhitespace();
            if (atEnd() || peek() != ';') {
                return new Offer(name, List.copyOf(parameters));
            }
            position++;
            skipWhitespace();
            String parameter = readToken("a parameter name after ';'");
            skipWhitespace();
            String value = null;
            if (!atEnd() && peek() == '=') {
                position++;
                skipWhitespace();
                value = !atEnd() && peek() == '"' ? readQuoted() : readToken("a value after '" + parameter + "='");
            }
            parameters.add(new Parameter(parameter, value));
        }
    }

    private String readToken(String what) {
        int start = position;
        while (!atEnd() && isTokenChar(peek())) {
            position++;
        }
        if (position == start) {
            throw malformed("expected " + what + " at character " + (position + 1));
        }
        return text.substring(start, position);
    }

    /** A quoted-string (RFC 9110 section 5.6.4), unescaped. */
    private String readQuoted() {
        StringBuilder value = new StringBuilder();
        position++; // the opening quote
        while (!atEnd()) {
            char c = text.charAt(position++);
            if (c == '"') {
                return value.toString();
            }
            if (c == '\\') {
                if (atEnd()) {
                    break;
                }
                c = text.charAt(position++);
            }
            value.append(c); // the request parser has already refused control characters
        }
        throw malformed("a quoted value is not closed");
    }

    private void expect(char wanted) {
        if (atEnd() || peek() != wanted) {
            throw malformed("expected '" + wanted + "' at character " + (position + 1)); // the client's text is not echoed
        }
        position++;
    }

    private void skipWhitespace() {
        while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
            position++;
        }
    }

    private boolean atEnd() {
        return position >= text.length();
    }

    private char peek() {
        return text.charAt(position);
    }

    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private BadRequestException malformed(String why) {
        return BadRequestException.badRequest("malformed Sec-WebSocket-Extensions header: " + why);
    }
}
