package io.wsengine.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Percent-decoding of RFC 3986 section 2.1, as UTF-8 (RFC 3986 section 2.5). */
class PercentDecodingTest {

    private static void assertBadRequest(Runnable decoding) {
        assertThatThrownBy(decoding::run)
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void decodesPercentEncodedUtf8InAPathSegment() {
        assertThat(PercentDecoding.decodePathSegment("caf%C3%A9%20%e2%82%ac")).isEqualTo("café €");
    }

    @Test
    void returnsSegmentWithoutEscapesUnchanged() {
        assertThat(PercentDecoding.decodePathSegment("plain-segment_1.0~")).isEqualTo("plain-segment_1.0~");
    }

    // In a path, '+' is an ordinary character (RFC 3986 section 3.3); only forms use it for space.
    @Test
    void keepsPlusInAPathSegment() {
        assertThat(PercentDecoding.decodePathSegment("a+b%2Bc")).isEqualTo("a+b+c");
    }

    @Test
    void decodesPlusAsSpaceInAQueryComponent() {
        assertThat(PercentDecoding.decodeQueryComponent("a+b%2Bc")).isEqualTo("a b+c");
    }

    @Test
    void decodesEncodedSlashInsideASegment() {
        assertThat(PercentDecoding.decodePathSegment("a%2Fb")).isEqualTo("a/b");
    }

    @Test
    void keepsCharactersBesideEscapesIntact() {
        assertThat(PercentDecoding.decodePathSegment("é%21")).isEqualTo("é!");
    }

    @ParameterizedTest
    @ValueSource(strings = {"%", "%4", "a%", "a%2", "%zz", "%g0", "%0g", "%%41", "% 41", "%+1", "%-1"})
    void rejectsMalformedPercentEncoding(String segment) {
        assertBadRequest(() -> PercentDecoding.decodePathSegment(segment));
        assertBadRequest(() -> PercentDecoding.decodeQueryComponent(segment));
    }

    // RFC 3986 section 2.1: pct-encoded = "%" HEXDIG HEXDIG, and HEXDIG is ASCII only (RFC 5234 B.1).
    @ParameterizedTest
    @ValueSource(strings = {"%\uFF14\uFF11", "%\u0664\u0661", "%\u0966\u0967"})
    void rejectsNonAsciiDigitsAsHexDigits(String segment) {
        assertBadRequest(() -> PercentDecoding.decodePathSegment(segment));
    }

    @ParameterizedTest
    @ValueSource(strings = {"%FF", "%C3", "%C3%28", "%C0%80", "%ED%A0%80", "a%E2%82"})
    void rejectsEscapesThatAreNotUtf8(String segment) {
        assertBadRequest(() -> PercentDecoding.decodePathSegment(segment));
    }

    @Test
    void parsesQueryIntoNamesAndValuesInOrder() {
        var params = PercentDecoding.parseQuery("b=2&a=1&b=3");

        assertThat(params).containsOnlyKeys("b", "a");
        assertThat(params.keySet()).containsExactly("b", "a");
        assertThat(params.get("b")).containsExactly("2", "3");
        assertThat(params.get("a")).containsExactly("1");
    }

    @Test
    void decodesQueryNamesAndValues() {
        var params = PercentDecoding.parseQuery("full+name=J%C3%BCrgen+M%C3%BCller&a%26b=c%3Dd");

        assertThat(params.get("full name")).containsExactly("Jürgen Müller");
        assertThat(params.get("a&b")).containsExactly("c=d");
    }

    @Test
    void parsesQueryNameWithoutValueAsEmptyValue() {
        var params = PercentDecoding.parseQuery("flag&empty=&x=1=2");

        assertThat(params.get("flag")).containsExactly("");
        assertThat(params.get("empty")).containsExactly("");
        assertThat(params.get("x")).containsExactly("1=2");
    }

    @Test
    void skipsEmptyQueryPairs() {
        assertThat(PercentDecoding.parseQuery("&&a=1&&")).containsOnlyKeys("a");
    }

    @Test
    void parsesNullOrEmptyQueryAsNoParameters() {
        assertThat(PercentDecoding.parseQuery(null)).isEmpty();
        assertThat(PercentDecoding.parseQuery("")).isEmpty();
    }

    @Test
    void returnsAnUnmodifiableQueryMap() {
        var params = PercentDecoding.parseQuery("a=1");

        assertThatThrownBy(() -> params.put("b", List.of())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> params.get("a").add("2")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejectsMalformedEscapeInAQuery() {
        assertBadRequest(() -> PercentDecoding.parseQuery("a=%zz"));
    }
}
