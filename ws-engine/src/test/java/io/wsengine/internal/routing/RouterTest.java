package io.wsengine.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wsengine.internal.http.BadRequestException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Choosing a route for a request path. */
class RouterTest {

    @Test
    void routesToTheMatchingTemplateWithItsVariables() {
        Router<String> router = new Router<>();
        router.add("/chat/{room}", "chat");
        router.add("/echo", "echo");

        Router.Match<String> match = router.route("/chat/general");

        assertThat(match.target()).isEqualTo("chat");
        assertThat(match.pathParams()).containsExactly(Map.entry("room", "general"));
        assertThat(router.route("/echo").target()).isEqualTo("echo");
        assertThat(router.route("/echo").pathParams()).isEmpty();
    }

    @Test
    void returnsNullWhenNothingMatches() {
        Router<String> router = new Router<>();
        router.add("/chat/{room}", "chat");

        assertThat(router.route("/nope")).isNull();
        assertThat(router.route("/")).isNull();
    }

    @Test
    void literalSegmentBeatsVariableWhicheverIsAddedFirst() {
        Router<String> variableFirst = new Router<>();
        variableFirst.add("/chat/{room}", "room");
        variableFirst.add("/chat/lobby", "lobby");
        Router<String> literalFirst = new Router<>();
        literalFirst.add("/chat/lobby", "lobby");
        literalFirst.add("/chat/{room}", "room");

        assertThat(variableFirst.route("/chat/lobby").target()).isEqualTo("lobby");
        assertThat(literalFirst.route("/chat/lobby").target()).isEqualTo("lobby");
        assertThat(variableFirst.route("/chat/other").target()).isEqualTo("room");
        assertThat(literalFirst.route("/chat/other").target()).isEqualTo("room");
    }

    @Test
    void exactTemplateBeatsCatchAll() {
        Router<String> router = new Router<>();
        router.add("/**", "fallback");
        router.add("/chat/**", "chat-any");
        router.add("/chat/{room}", "room");

        assertThat(router.route("/chat/general").target()).isEqualTo("room");
        assertThat(router.route("/chat/general/history").target()).isEqualTo("chat-any");
        assertThat(router.route("/elsewhere").target()).isEqualTo("fallback");
    }

    @Test
    void rejectsTemplateMatchingTheSamePathsAsAnotherNamingBoth() {
        Router<String> router = new Router<>();
        router.add("/chat/{room}", "first");

        assertThatThrownBy(() -> router.add("/chat/{name}", "second"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'/chat/{name}'")
                .hasMessageContaining("'/chat/{room}'");
    }

    @Test
    void rejectsTheSameTemplateTwice() {
        Router<String> router = new Router<>();
        router.add("/echo", "first");

        assertThatThrownBy(() -> router.add("/echo", "second")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsLiteralsThatDecodeToTheSamePath() {
        Router<String> router = new Router<>();
        router.add("/caf%C3%A9", "encoded");

        assertThatThrownBy(() -> router.add("/caf\u00e9", "plain")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsTemplatesOfDifferentShapes() {
        Router<String> router = new Router<>();
        router.add("/chat/{room}", "one");
        router.add("/chat/{room}/**", "rest");
        router.add("/chat/{room}/{user}", "two");

        assertThat(router.route("/chat/a").target()).isEqualTo("one");
        assertThat(router.route("/chat/a/b").target()).isEqualTo("two");
        assertThat(router.route("/chat/a/b/c").target()).isEqualTo("rest");
    }

    @Test
    void rejectsMalformedTemplateNamingIt() {
        Router<String> router = new Router<>();

        assertThatThrownBy(() -> router.add("/chat/{room", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/chat/{room");
    }

    @Test
    void rejectsMalformedPercentEncodingWith400() {
        Router<String> router = new Router<>();
        router.add("/chat/{room}", "chat");

        assertThatThrownBy(() -> router.route("/chat/%G1"))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.status()).isEqualTo(400));
    }
}
