package io.wsengine.internal.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the route of a request path. Where several templates match, the one with more literal
 * segments wins ({@code /chat/lobby} before {@code /chat/{room}}), and a {@code /**} template comes last.
 *
 * @param <R> what a route leads to
 */
public final class Router<R> {

    /** A template matched: its target and the decoded variable values. */
    public record Match<R>(R target, Map<String, String> pathParams) {
    }

    private record Entry<R>(PathTemplate template, R target) {
    }

    private final List<Entry<R>> entries = new ArrayList<>();
    private final Map<String, String> shapes = new HashMap<>();

    /**
     * Adds a route.
     *
     * @throws IllegalArgumentException when the template is malformed or matches the same paths as another
     */
    public void add(String template, R target) {
        PathTemplate parsed = PathTemplate.parse(template);
        String previous = shapes.putIfAbsent(parsed.shape(), template);
        if (previous != null) {
            throw new IllegalArgumentException("path template '" + template + "' matches the same paths as '"
                    + previous + "'");
        }
        entries.add(new Entry<>(parsed, target));
        entries.sort(Comparator.comparingInt((Entry<R> e) -> e.template().specificity()).reversed());
    }

    /**
     * @return the match, or null when no route matches
     * @throws io.wsengine.internal.http.BadRequestException when the path's percent-encoding is malformed
     */
    public Match<R> route(String rawPath) {
        for (Entry<R> entry : entries) {
            Map<String, String> params = entry.template().match(rawPath);
            if (params != null) {
                return new Match<>(entry.target(), params);
            }
        }
        return null;
    }
}
