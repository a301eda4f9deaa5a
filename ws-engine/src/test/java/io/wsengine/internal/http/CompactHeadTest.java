package io.wsengine.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CompactHeadTest {
    private static final String CHROMIUM = "GET /chat/lobby?user=ann HTTP/1.1\r\n"
            + "Host: localhost:8080\r\n"
            + "Connection: Upgrade\r\n"
            + "Pragma: no-cache\r\n"
            + "Cache-Control: no-cache\r\n"
            + "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36\r\n"
            + "Upgrade: websocket\r\n"
            + "Origin: http://localhost:8080\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + "Accept-Encoding: gzip, deflate, br, zstd\r\n"
            + "Accept-Language: en-US,en;q=0.9\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
            + "\r\n";
    private static final String FIREFOX = "GET /chat HTTP/1.1\r\n"
            + "Host: localhost:8080\r\n"
            + "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0\r\n"
            + "Accept: */*\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + "Origin: http://localhost:8080\r\n"
            + "Sec-WebSocket-Extensions: permessage-deflate\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Connection: keep-alive, Upgrade\r\n"
            + "Cookie: session=abc\r\n"
            + "Upgrade: websocket\r\n"
            + "\r\n";
    /** What the JDK's HttpClient sends, with a subprotocol offer. */
    private static final String JDK = "GET /echo HTTP/1.1\r\n"
            + "Connection: Upgrade\r\n"
            + "Content-Length: 0\r\n"
            + "Host: 127.0.0.1:9001\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Sec-WebSocket-Protocol: chat, superchat\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + "Upgrade: websocket\r\n"
            + "User-Agent: Java-http-client/17.0.15\r\n"
            + "\r\n";
    /** Lines that only look like entries: other case, other values, entries in the middle, bare line feeds. */
    private static final String LOOKALIKES = "GET /Host: HTTP/1.1\r\n"
            + "host: a\r\n"
            + "Upgrade: WebSocket\r\n"
            + "Upgrade: websocket, h2c\r\n"
            + "X-Note: Connection: Upgrade\r\n"
            + "Connection: Upgrade\n"
            + "Sec-WebSocket-Version: 13 \r\n"
            + "Sec-WebSocket-Version: 8\r\n"
            + "Pragma: no-cache\r\n"
            + "Origin:null\r\n"
            + "X-Latin: caf\u00e9\t\r\n"
            + "\r\n";

    @ParameterizedTest
    @ValueSource(strings = {CHROMIUM, FIREFOX, JDK, LOOKALIKES})
    void expandsToTheOriginalBytes(String text) {
        byte[] head = latin1(text);
        HttpRequestParser.parse(head); // an accepted head, as the engine compacts only those

        byte[] compact = CompactHead.compact(head);

        assertThat(CompactHead.expand(compact)).isEqualTo(head);
        assertThat(HttpRequestParser.requestTarget(compact)).isEqualTo(HttpRequestParser.requestTarget(head));
    }

    @Test
    void browserHeadsShrinkByAboutHalf() {
        assertThat(CompactHead.compact(latin1(CHROMIUM)).length).isLessThan(latin1(CHROMIUM).length / 2);
        assertThat(CompactHead.compact(latin1(FIREFOX)).length).isLessThan(latin1(FIREFOX).length * 2 / 3);
    }

    @Test
    void leavesTheRequestLineAndLookalikesAlone() {
        byte[] compact = CompactHead.compact(latin1(LOOKALIKES));

        // Only "Pragma: no-cache\r\n" is an entry, word for word.
        assertThat(compact.length).isEqualTo(latin1(LOOKALIKES).length - "Pragma: no-cache\r\n".length() + 1);
    }

    @Test
    void randomHeadsMadeOfEntryPiecesComeBackWhole() {
        List<String> pieces = List.of("Host: ", "Upgrade: websocket", "\r\n", "Connection: ", "Upgrade", "keep-alive, ",
                "Sec-WebSocket-", "Key: ", "Version: 13", "Extensions: permessage-deflate", "; client_max_window_bits",
                "X-A: ", "b", "\t", " ", "Cookie: ", "\n", "Origin: ", "Pragma: no-cache");
        Random random = new Random(6455);
        for (int round = 0; round < 2_000; round++) {
            StringBuilder text = new StringBuilder("GET / HTTP/1.1\r\n");
            for (int i = random.nextInt(30); i > 0; i--) {
                text.append(pieces.get(random.nextInt(pieces.size())));
            }
            byte[] head = latin1(text.append("\r\n\r\n").toString());

            assertThat(CompactHead.expand(CompactHead.compact(head))).as(text.toString()).isEqualTo(head);
        }
    }

    /** The stand-in bytes are safe only because no accepted head holds them. */
    @Test
    void theParserRefusesEveryStandInByte() {
        int standIns = 0;
        for (int b = 0; b < 256; b++) {
            if (!CompactHead.isStandIn((byte) b)) {
                continue;
            }
            standIns++;
            char control = (char) b;
            for (String head : List.of("GET /a" + control + " HTTP/1.1\r\nHost: a\r\n\r\n",
                    "G" + control + "T / HTTP/1.1\r\nHost: a\r\n\r\n",
                    "GET / HTTP/1." + control + "\r\nHost: a\r\n\r\n",
                    "GET / HTTP/1.1\r\nHost: a" + control + "b\r\n\r\n",
                    "GET / HTTP/1.1\r\nX" + control + ": a\r\n\r\n",
                    "GET / HTTP/1.1\r\n" + control + "Host: a\r\n\r\n")) {
                assertThatThrownBy(() -> new HttpRequestParser(8192).parse(ByteBuffer.wrap(latin1(head))))
                        .as("byte 0x%02x", b).isInstanceOf(BadRequestException.class);
                assertThatThrownBy(() -> CompactHead.compact(latin1(head)))
                        .as("byte 0x%02x", b).isInstanceOf(IllegalArgumentException.class);
            }
        }
        assertThat(standIns).isGreaterThan(10);
    }

    private static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
