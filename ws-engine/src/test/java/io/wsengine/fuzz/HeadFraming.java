package io.wsengine.fuzz;

import java.util.Arrays;

/**
 * Where a request head lies in a byte stream, found the plain way (RFC 9112 section 2.2): empty lines
 * before the request line are skipped; the head runs to the line feed that ends an empty line (one
 * with nothing but carriage returns); a head longer than the limit, counting the empty lines skipped
 * before it, is refused, even before its end has arrived.
 *
 * @param status 0 for a head found whole ({@link #head} is its bytes), -1 when more bytes are needed,
 *               431 when the head is longer than the limit
 * @param end    the index just after the head, when found
 */
record HeadFraming(int status, byte[] head, int end) {

    static HeadFraming of(byte[] stream, int maxHeadSize) {
        int begin = -1;
        boolean lineHasText = false;
        for (int i = 0; i < stream.length; i++) {
            if (i >= maxHeadSize) {
                return new HeadFraming(431, null, -1);
            }
            if (begin < 0) {
                if (stream[i] == '\r' || stream[i] == '\n') {
                    continue;
                }
                begin = i;
            }
            if (stream[i] == '\n') {
                if (!lineHasText) {
                    return new HeadFraming(0, Arrays.copyOfRange(stream, begin, i + 1), i + 1);
                }
                lineHasText = false;
            } else if (stream[i] != '\r') {
                lineHasText = true;
            }
        }
        return new HeadFraming(-1, null, -1);
    }
}
