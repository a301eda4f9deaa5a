package io.wsengine.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Origin checks against cross-site WebSocket hijacking (RFC 6455 sections 4.2.1 item 5 and 10.2). */
class OriginPolicyTest {
    private static final OriginPolicy SAME_HOST = new OriginPolicy(List.of());

    // Default: a page may connect to the host that served it, on any port or scheme.
    @ParameterizedTest
    @ValueSource(strings = {"http://example.com", "https://example.com", "http://example.com:8080",
            "https://EXAMPLE.com:9443", "HTTP://Example.Com"})
    void allowsOriginOfTheSameHostOnAnyPort(String origin) {
        assertThat(SAME_HOST.allows(origin, "example.com:8080")).isTrue();
    }

    @Test
    void comparesTheHostHeaderIgnoringCaseAndPort() {
        assertThat(SAME_HOST.allows("http://example.com", "EXAMPLE.COM")).isTrue();
        assertThat(SAME_HOST.allows("http://example.com:3000", "example.com")).isTrue();
    }

    @Test
    void allowsLoopbackIpv6OriginOfTheSameHost() {
        assertThat(SAME_HOST.allows("http://[::1]:3000", "[::1]:8080")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://evil.com", "http://example.com.evil.com", "http://evilexample.com",
            "http://sub.example.com", "http://evil.com#example.com", "http://evil.com/example.com",
            "http://example.co"})
    void refusesOriginOfAnotherHost(String origin) {
        assertThat(SAME_HOST.allows(origin, "example.com:8080")).isFalse();
    }

    // RFC 6454 section 7.3: sandboxed pages, file: URLs and redirects send "null".
    @ParameterizedTest
    @ValueSource(strings = {"null", "NULL", "", "not a uri", "file://"})
    void refusesNullOrUnparsableOrigin(String origin) {
        assertThat(SAME_HOST.allows(origin, "example.com")).isFalse();
    }

    // RFC 6455 section 10.2: non-browser clients need not send Origin; the check guards browsers.
    @Test
    void allowsRequestWithoutOrigin() {
        assertThat(SAME_HOST.allows(null, "example.com")).isTrue();
        assertThat(new OriginPolicy(List.of("https://app.example.com")).allows(null, "example.com")).isTrue();
    }

    @Test
    void allowsOnlyListedOriginsOnceAListIsGiven() {
        OriginPolicy policy = new OriginPolicy(List.of("https://app.example.com", "http://localhost:3000"));

        assertThat(policy.allows("https://app.example.com", "ws.example.com")).isTrue();
        assertThat(policy.allows("http://localhost:3000", "ws.example.com")).isTrue();
        assertThat(policy.allows("http://app.example.com", "ws.example.com")).as("other scheme").isFalse();
        assertThat(policy.allows("https://app.example.com:8443", "ws.example.com")).as("other port").isFalse();
        assertThat(policy.allows("http://localhost:3001", "ws.example.com")).isFalse();
        assertThat(policy.allows("https://ws.example.com", "ws.example.com")).as("same host, not listed").isFalse();
    }

    @Test
    void comparesListedOriginsIgnoringCase() {
        OriginPolicy policy = new OriginPolicy(List.of("https://App.Example.com"));

        assertThat(policy.allows("HTTPS://APP.EXAMPLE.COM", "x")).isTrue();
    }

    @Test
    void refusesNullOriginUnlessListed() {
        assertThat(new OriginPolicy(List.of("https://app.example.com")).allows("null", "x")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://a.example.com", "https://a.b.example.com", "https://A.EXAMPLE.COM",
            "https://evil.com.example.com"})
    void wildcardMatchesSubdomains(String origin) {
        assertThat(new OriginPolicy(List.of("https://*.example.com")).allows(origin, "x")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.com", "https://evil.com#.example.com", "https://evil.com/.example.com",
            "https://evil.com?.example.com", "https://user@evil.com#.example.com", "https://example.com.evil.com",
            "https://a.example.com.evil.com", "http://a.example.com", "https://a.example.com:8443",
            "https://evilexample.com", "https://a_b.example.org"})
    void wildcardDoesNotMatchOtherSites(String origin) {
        assertThat(new OriginPolicy(List.of("https://*.example.com")).allows(origin, "x")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:3000", "http://localhost:8080", "http://LOCALHOST:1"})
    void portWildcardMatchesAnyPort(String origin) {
        assertThat(new OriginPolicy(List.of("http://localhost:*")).allows(origin, "x")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost.evil.com:3000", "https://localhost:3000", "http://evil.com:3000",
            "http://localhost:3000@evil.com", "http://localhost:3000/x"})
    void portWildcardDoesNotMatchOtherHostsOrSchemes(String origin) {
        assertThat(new OriginPolicy(List.of("http://localhost:*")).allows(origin, "x")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://evil.com", "null", "https://anything:1"})
    void starAllowsEveryOrigin(String origin) {
        assertThat(new OriginPolicy(List.of("*")).allows(origin, "example.com")).isTrue();
    }

    @Test
    void combinesExactAndWildcardEntries() {
        OriginPolicy policy = new OriginPolicy(List.of(" https://app.example.com ", "http://localhost:*"));

        assertThat(policy.allows("https://app.example.com", "x")).isTrue();
        assertThat(policy.allows("http://localhost:5173", "x")).isTrue();
        assertThat(policy.allows("https://other.example.com", "x")).isFalse();
    }
}
