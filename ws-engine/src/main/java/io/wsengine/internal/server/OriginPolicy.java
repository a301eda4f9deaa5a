package io.wsengine.internal.server;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Decides whether a browser's {@code Origin} may open a WebSocket (RFC 6455 section 10.2): the
 * server's defence against cross-site WebSocket hijacking.
 */
final class OriginPolicy {
    private final boolean allowAll;
    private final List<String> exact = new ArrayList<>();
    private final List<Pattern> patterns = new ArrayList<>();

    OriginPolicy(List<String> allowedOrigins) {
        boolean all = false;
        for (String origin : allowedOrigins) {
            String normalized = origin.trim().toLowerCase(Locale.ROOT);
            if (normalized.equals("*")) {
                all = true;
            } else if (normalized.contains("*")) {
                patterns.add(toPattern(normalized));
            } else {
                exact.add(normalized);
            }
        }
        this.allowAll = all;
    }

    /** A '*' stands for host labels or port digits: never for '/', '@', '?' or '#', so it cannot swallow a host. */
    private static Pattern toPattern(String wildcard) {
        StringBuilder regex = new StringBuilder();
        for (String part : wildcard.split("\\*", -1)) {
            if (regex.length() > 0) {
                regex.append("[a-z0-9.-]*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    private boolean isDefault() {
        return !allowAll && exact.isEmpty() && patterns.isEmpty();
    }

    /**
     * @param origin the Origin header, or null when absent (not a browser: allowed)
     * @param host   the Host header
     */
    boolean allows(String origin, String host) {
        if (origin == null || allowAll) {
            return true;
        }
        String normalized = origin.trim().toLowerCase(Locale.ROOT);
        if (isDefault()) {
            return sameHost(normalized, host);
        }
        if (exact.contains(normalized)) {
            return true;
        }
        for (Pattern pattern : patterns) {
            if (pattern.matcher(normalized).matches()) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameHost(String origin, String host) {
        try {
            String originHost = URI.create(origin).getHost();
            String requestHost = URI.create("http://" + host).getHost();
            return originHost != null && originHost.equalsIgnoreCase(requestHost);
        } catch (IllegalArgumentException e) {
            return false; // "null" origins of sandboxed pages and garbage alike
        }
    }
}
