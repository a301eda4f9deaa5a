package io.wsengine.internal.deflate;

/**
 * What a connection's permessage-deflate agreement says (RFC 7692 section 7.1), as the server's
 * response stated it: whether each side resets its context after every message, and the window
 * bits each side may use (15, the largest, when the response names none).
 *
 * @param serverNoContextTakeover the server resets its compressor after every message it sends
 * @param clientNoContextTakeover the client resets its compressor after every message, so the
 *                                server's decompressor may be reset too
 * @param serverMaxWindowBits     the largest window the server's compressor may use, 8 to 15
 * @param clientMaxWindowBits     the largest window the client's compressor may use, 8 to 15
 */
public record DeflateParameters(boolean serverNoContextTakeover, boolean clientNoContextTakeover,
        int serverMaxWindowBits, int clientMaxWindowBits) {

    /** Checks the window bits. */
    public DeflateParameters {
        if (serverMaxWindowBits < 8 || serverMaxWindowBits > 15 || clientMaxWindowBits < 8 || clientMaxWindowBits > 15) {
            throw new IllegalArgumentException("window bits must be 8 to 15, were " + serverMaxWindowBits + " and "
                    + clientMaxWindowBits);
        }
    }
}
