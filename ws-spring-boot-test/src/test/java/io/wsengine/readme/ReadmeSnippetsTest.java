package io.wsengine.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Keeps the README's Java snippets compiling: each one is a region of a source file in this package,
 * between {@code // tag::NAME[]} and {@code // end::NAME[]}, and must appear in README.md verbatim
 * (with the region's common indentation removed). Every {@code java} block of the README must be made
 * of such regions, so a snippet cannot be edited in the README alone.
 */
class ReadmeSnippetsTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Path SOURCES = Path.of("src", "test", "java", "io", "wsengine", "readme");
    /** What a README block may hold between snippets: a line that says code was left out. */
    private static final String ELISION = "// ...";

    /** One tagged region: its name, where it is, and its text as the README must show it. */
    record Snippet(String name, Path file, int firstLine, String text) {
    }

    @TestFactory
    Stream<DynamicTest> everySnippetAppearsInTheReadmeVerbatim() {
        String readme = readme();
        return snippets().values().stream().map(snippet -> DynamicTest.dynamicTest(snippet.name(), () -> {
            if (!("\n" + readme).contains("\n" + snippet.text() + "\n")) {
                fail("README.md does not show snippet '" + snippet.name() + "' (" + snippet.file() + ", from line "
                        + snippet.firstLine() + ") verbatim: " + firstDifference(snippet, readme)
                        + ". Copy the region, without its common indentation, into README.md.");
            }
        }));
    }

    @Test
    void everyJavaBlockOfTheReadmeIsMadeOfSnippets() {
        Map<String, Snippet> snippets = snippets();
        List<String> lines = readme().lines().toList();
        int blocks = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).equals("```java")) {
                continue;
            }
            int start = i + 1;
            int end = start;
            while (end < lines.size() && !lines.get(end).equals("```")) {
                end++;
            }
            String block = String.join("\n", lines.subList(start, end)) + "\n";
            for (Snippet snippet : snippets.values()) {
                block = block.replace(snippet.text() + "\n", "");
            }
            List<String> left = block.lines().filter(line -> !line.isBlank() && !line.trim().equals(ELISION)).toList();
            if (!left.isEmpty()) {
                fail("the java block at README.md line " + start + " holds code that is in no snippet (tag it in a"
                        + " source under " + SOURCES + "): " + left.get(0).trim());
            }
            blocks++;
            i = end;
        }
        assertThat(blocks).as("java blocks in README.md").isPositive();
    }

    private static String firstDifference(Snippet snippet, String readme) {
        List<String> readmeLines = readme.lines().toList();
        for (String line : snippet.text().split("\n", -1)) {
            if (!line.isBlank() && readmeLines.stream().noneMatch(line::equals)) {
                return "no README line reads '" + line.strip() + "'";
            }
        }
        return "each line is there, but not together in this order (indentation counts)";
    }

    private static String readme() {
        try {
            return Files.readString(README).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("README.md not found at " + README.toAbsolutePath().normalize()
                    + " (this test runs in the ws-spring-boot-test directory)", e);
        }
    }

    /** Every tagged region under {@link #SOURCES}, by name; a name may be used once. */
    static Map<String, Snippet> snippets() {
        Map<String, Snippet> snippets = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).sorted().toList()) {
                for (Snippet snippet : regions(file, Files.readAllLines(file))) {
                    Snippet other = snippets.putIfAbsent(snippet.name(), snippet);
                    if (other != null) {
                        fail("snippet '" + snippet.name() + "' is tagged in " + other.file() + " and " + file);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(snippets).as("tagged regions under " + SOURCES).isNotEmpty();
        return snippets;
    }

    private static List<Snippet> regions(Path file, List<String> lines) {
        List<Snippet> regions = new ArrayList<>();
        Map<String, Integer> open = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.startsWith("// tag::") && line.endsWith("[]")) {
                open.put(line.substring("// tag::".length(), line.length() - 2), i);
            } else if (line.startsWith("// end::") && line.endsWith("[]")) {
                String name = line.substring("// end::".length(), line.length() - 2);
                Integer start = open.remove(name);
                if (start == null) {
                    fail(file + " line " + (i + 1) + ": end of snippet '" + name + "' without its tag");
                }
                regions.add(new Snippet(name, file, start + 2, dedent(lines.subList(start + 1, i))));
            }
        }
        if (!open.isEmpty()) {
            fail(file + ": snippet(s) " + open.keySet() + " tagged and never ended");
        }
        return regions;
    }

    /** The lines without the indentation they all share (blank lines aside), as a README block shows them. */
    private static String dedent(List<String> lines) {
        int indent = lines.stream().filter(line -> !line.isBlank())
                .mapToInt(line -> line.length() - line.stripLeading().length()).min().orElse(0);
        return String.join("\n", lines.stream().map(line -> line.isBlank() ? "" : line.substring(indent)).toList());
    }
}
