package io.wsengine.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an open session's head no longer shows, and that all else stays as received. */
class HiddenCredentialsTest {
    private static final HiddenCredentials HIDDEN = new HiddenCredentials(
            List.of("Authorization", "Proxy-Authorization"), List.of("ticket"), List.of("wsengine.bearer"));

    private static byte[] bytes(String head) {
        return head.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String hide(String head) {
        return new String(HIDDEN.hide(bytes(head)), StandardCharsets.ISO_8859_1);
    }

    private static boolean carried(String head) {
        HttpRequestHead parsed = HttpRequestParser.parse(bytes(head));
        String target = parsed.target();
        String query = target.contains("?") ? target.substring(target.indexOf('?') + 1) : "";
        List<String> offered = parsed.headerValues("Sec-WebSocket-Protocol").stream()
                .flatMap(value -> List.of(value.split(",")).stream()).map(String::trim).toList();
        return HIDDEN.carriedBy(parsed, PercentDecoding.parseQuery(query), offered);
    }

    @Test
    void leavesOutHiddenHeadersWhateverTheirCase() {
        String head = "GET /ws HTTP/1.1\r\nHost: a\r\nauthorization: Bearer abc\r\nX-Other: 1\r\n"
                + "PROXY-AUTHORIZATION: Basic eHk=\r\n\r\n";

        assertThat(carried(head)).isTrue();
        assertThat(hide(head)).isEqualTo("GET /ws HTTP/1.1\r\nHost: a\r\nX-Other: 1\r\n\r\n");
    }

    @Test
    void leavesOutAHiddenQueryParameterAndKeepsTheOthersInOrder() {
        assertThat(hide("GET /ws?a=1&ticket=t0k&b=2&ticket HTTP/1.1\r\nHost: a\r\n\r\n"))
                .isEqualTo("GET /ws?a=1&b=2 HTTP/1.1\r\nHost: a\r\n\r\n");
    }

    @Test
    void recognisesAPercentEncodedParameterName() {
        assertThat(hide("GET /ws?tick%65t=t0k HTTP/1.1\r\nHost: a\r\n\r\n")).isEqualTo("GET /ws HTTP/1.1\r\nHost: a\r\n\r\n");
    }

    @Test
    void leavesOutTheSubprotocolAfterTheMarkerButKeepsTheMarker() {
        String head = "GET /ws HTTP/1.1\r\nSec-WebSocket-Protocol: chat, wsengine.bearer, eyJ.x.y, v2\r\n\r\n";

        assertThat(carried(head)).isTrue();
        assertThat(hide(head)).isEqualTo("GET /ws HTTP/1.1\r\nSec-WebSocket-Protocol: chat, wsengine.bearer, v2\r\n\r\n");
    }

    @Test
    void leavesOutATokenOfferedOnTheLineAfterTheMarker() {
        assertThat(hide("GET /ws HTTP/1.1\r\nSec-WebSocket-Protocol: wsengine.bearer\r\n"
                + "Sec-WebSocket-Protocol: eyJ.x.y\r\nHost: a\r\n\r\n"))
                .isEqualTo("GET /ws HTTP/1.1\r\nSec-WebSocket-Protocol: wsengine.bearer\r\nHost: a\r\n\r\n");
    }

    @Test
    void keepsLineEndingsAsReceived() {
        assertThat(hide("GET /ws HTTP/1.1\nAuthorization: Bearer abc\nSec-WebSocket-Protocol: wsengine.bearer, t\nHost: a\n\n"))
                .isEqualTo("GET /ws HTTP/1.1\nSec-WebSocket-Protocol: wsengine.bearer\nHost: a\n\n");
    }

    @Test
    void aRequestWithoutHiddenPartsIsNotCarryingAny() {
        assertThat(carried("GET /ws?a=1 HTTP/1.1\r\nHost: a\r\nCookie: s=1\r\nSec-WebSocket-Protocol: chat, wsengine.bearer\r\n\r\n"))
                .isFalse();
    }
}
