package io.wsengine.internal.routing;

import io.wsengine.internal.http.PercentDecoding;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A route's path: literal segments and {@code {name}} variables, such as {@code /chat/{room}}; a
 * final {@code /**} matches any rest of the path. Variable values are percent-decoded.
 */
public final class PathTemplate {
    private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_.-]*)}");
    private static final String ANY_REST = "**";

    private final String template;
    /** Literal segments as written; null where the segment is a variable. */
    private final String[] literals;
    private final String[] variables;
    private final boolean matchesAnyRest;

    private PathTemplate(String template, String[] literals, String[] variables, boolean matchesAnyRest) {
        this.template = template;
        this.literals = literals;
        this.variables = variables;
        this.matchesAnyRest = matchesAnyRest;
    }

    /**
     * Parses a template.
     *
     * @throws IllegalArgumentException naming the template and what is wrong with it
     */
    public static PathTemplate parse(String template) {
        if (template == null || !template.startsWith("/")) {
            throw new IllegalArgumentException("path template '" + template + "' must start with '/'");
        }
        String[] segments = segments(template);
        boolean anyRest = segments.length > 0 && segments[segments.length - 1].equals(ANY_REST);
        int count = anyRest ? segments.length - 1 : segments.length;
        String[] literals = new String[count];
        String[] variables = new String[count];
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String segment = segments[i];
            var matcher = VARIABLE.matcher(segment);
            if (matcher.matches()) {
                String name = matcher.group(1);
                if (seen.contains(name)) {
                    throw new IllegalArgumentException("path template '" + template + "' names {" + name + "} twice");
                }
                seen.add(name);
                variables[i] = name;
            } else if (segment.contains("{") || segment.contains("}") || segment.contains("*")) {
                throw new IllegalArgumentException("path template '" + template + "': segment '" + segment
                        + "' must be a literal, a whole {variable}, or a final /**");
            } else {
                literals[i] = PercentDecoding.decodePathSegment(segment);
            }
        }
        return new PathTemplate(template, literals, variables, anyRest);
    }

    private static String[] segments(String path) {
        return path.equals("/") ? new String[] {""} : path.substring(1).split("/", -1);
    }

    /**
     * Matches a request path (without query).
     *
     * @return the decoded variable values, or null when the path does not match
     */
    public Map<String, String> match(String rawPath) {
        String[] segments = segments(rawPath);
        if (segments.length < literals.length || (!matchesAnyRest && segments.length != literals.length)) {
            return null;
        }
        Map<String, String> values = null;
        for (int i = 0; i < literals.length; i++) {
            String segment = PercentDecoding.decodePathSegment(segments[i]);
            if (literals[i] != null) {
                if (!literals[i].equals(segment)) {
                    return null;
                }
            } else {
                if (values == null) {
                    values = new LinkedHashMap<>();
                }
                values.put(variables[i], segment);
            }
        }
        return values == null ? Collections.emptyMap() : Collections.unmodifiableMap(values);
    }

    /** Names of the template's variables, in order. */
    public List<String> variableNames() {
        List<String> names = new ArrayList<>();
        for (String variable : variables) {
            if (variable != null) {
                names.add(variable);
            }
        }
        return names;
    }

    /** Literal segments count; a more specific template wins over a less specific one. */
    int specificity() {
        int count = 0;
        for (String literal : literals) {
            if (literal != null) {
                count++;
            }
        }
        return matchesAnyRest ? count * 2 : count * 2 + 1;
    }

    /** Two templates with the same shape match the same paths: that is a configuration error. */
    String shape() {
        StringBuilder shape = new StringBuilder();
        for (String literal : literals) {
            shape.append('/').append(literal == null ? "{}" : literal);
        }
        return matchesAnyRest ? shape.append("/**").toString() : shape.toString();
    }

    @Override
    public String toString() {
        return template;
    }
}
