package io.wsengine.internal.deflate;

/**
 * A permessage-deflate offer the server accepted: what the session's codec follows, and the
 * {@code Sec-WebSocket-Extensions} value of the {@code 101} response that says so, word for word.
 *
 * @param parameters     the agreed parameters
 * @param responseHeader the response header's value, such as {@code permessage-deflate; server_no_context_takeover}
 */
public record DeflateAgreement(DeflateParameters parameters, String responseHeader) {
}
