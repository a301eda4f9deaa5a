package io.wsengine.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wsengine.internal.http.BadRequestException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Path templates: literal segments, whole-segment {variables}, a final /**. */
class PathTemplateTest {

    @Test
    void matchesLiteralPathExactly() {
        PathTemplate template = PathTemplate.parse("/chat/lobby");

        assertThat(template.match("/chat/lobby")).isEmpty();
        assertThat(template.match("/chat/lobby2")).isNull();
        assertThat(template.match("/chat")).isNull();
        assertThat(template.match("/chat/lobby/more")).isNull();
        assertThat(template.match("/Chat/lobby")).isNull();
    }

    @Test
    void matchesRootOnlyForRootTemplate() {
        PathTemplate root = PathTemplate.parse("/");

        assertThat(root.match("/")).isEmpty();
        assertThat(root.match("/a")).isNull();
    }

    @Test
    void extractsVariables() {
        PathTemplate template = PathTemplate.parse("/rooms/{room}/users/{user_id}");

        assertThat(template.match("/rooms/42/users/alice"))
                .containsExactly(Map.entry("room", "42"), Map.entry("user_id", "alice"));
    }

    @Test
    void doesNotMatchVariableAcrossSegments() {
        PathTemplate template = PathTemplate.parse("/chat/{room}");

        assertThat(template.match("/chat/a/b")).isNull();
        assertThat(template.match("/chat")).isNull();
    }

    @Test
    void percentDecodesVariableValuesAsUtf8() {
        PathTemplate template = PathTemplate.parse("/chat/{room}");

        assertThat(template.match("/chat/caf%C3%A9%20%E2%82%AC")).containsEntry("room", "café €");
    }

    // '+' means space only in form-encoded queries, never in a path (RFC 3986 section 3.3).
    @Test
    void keepsPlusInVariableValues() {
        assertThat(PathTemplate.parse("/chat/{room}").match("/chat/a+b%2Bc")).containsEntry("room", "a+b+c");
    }

    @Test
    void decodesEncodedSlashInsideOneVariable() {
        assertThat(PathTemplate.parse("/files/{name}").match("/files/a%2Fb")).containsEntry("name", "a/b");
    }

    @Test
    void matchesPercentEncodedLiteral() {
        PathTemplate template = PathTemplate.parse("/caf%C3%A9");

        assertThat(template.match("/caf%c3%a9")).isEmpty();
        assertThat(template.match("/caf\u00e9")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/chat/%zz", "/chat/%", "/chat/a%2", "/chat/%FF", "/chat/%C0%80"})
    void rejectsMalformedPercentEncodingInThePathWith400(String path) {
        PathTemplate template = PathTemplate.parse("/chat/{room}");

        assertThatThrownBy(() -> template.match(path))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @ParameterizedTest
    @CsvSource({"/chat", "/chat/", "/chat/a", "/chat/a/b/c"})
    void catchAllMatchesAnyRestOfThePath(String path) {
        assertThat(PathTemplate.parse("/chat/**").match(path)).isEmpty();
    }

    @Test
    void catchAllStillRequiresItsLiteralPrefix() {
        assertThat(PathTemplate.parse("/chat/**").match("/other/a")).isNull();
        assertThat(PathTemplate.parse("/chat/**").match("/chatroom/a")).isNull();
    }

    @Test
    void rootCatchAllMatchesEveryPath() {
        PathTemplate any = PathTemplate.parse("/**");

        assertThat(any.match("/")).isEmpty();
        assertThat(any.match("/a/b/c")).isEmpty();
    }

    @Test
    void catchAllKeepsVariablesBeforeIt() {
        assertThat(PathTemplate.parse("/u/{user}/**").match("/u/bob/x/y")).containsExactly(Map.entry("user", "bob"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "chat",              // not absolute
            "",
            "/chat/{room",       // unclosed
            "/chat/room}",
            "/chat/{}",          // no name
            "/chat/{1room}",     // name starts with a digit
            "/chat/{ro om}",
            "/chat/pre{room}",   // variable not a whole segment
            "/chat/{room}post",
            "/chat/{a}{b}",
            "/chat/*",           // single star is not supported
            "/chat/**/more",     // catch-all not final
            "/chat/***",
            "/{room}/{room}"})   // the same variable twice
    void rejectsMalformedTemplateNamingIt(String template) {
        assertThatThrownBy(() -> PathTemplate.parse(template))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + template + "'");
    }

    @Test
    void rejectsNullTemplate() {
        assertThatThrownBy(() -> PathTemplate.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void printsAsTheTemplate() {
        assertThat(PathTemplate.parse("/chat/{room}")).hasToString("/chat/{room}");
    }
}
