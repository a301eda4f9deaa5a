package io.wsengine.spring;

import static io.wsengine.spring.WsContextTestSupport.causeOfType;
import static io.wsengine.spring.WsContextTestSupport.runner;
import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.CloseStatus;
import io.wsengine.HandshakeInterceptor;
import io.wsengine.HandshakeRequest;
import io.wsengine.HandshakeResult;
import io.wsengine.WsSession;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * A wrongly defined endpoint fails application start-up with a {@link WsEndpointDefinitionException}
 * that names the class (and the method, where one is at fault) and says what to do.
 */
class EndpointDefinitionFailureTests {

    /** Runs the context and returns the definition failure, checking that it names the class and has an action. */
    private static WsEndpointDefinitionException startupFailure(ApplicationContextRunner runner, Class<?> culprit) {
        WsEndpointDefinitionException[] failure = new WsEndpointDefinitionException[1];
        runner.run(context -> {
            assertThat(context).hasFailed();
            failure[0] = causeOfType(context.getStartupFailure(), WsEndpointDefinitionException.class);
        });
        if (culprit != null) {
            assertThat(failure[0].getMessage()).contains(culprit.getSimpleName());
        }
        assertThat(failure[0].action()).isNotBlank();
        return failure[0];
    }

    @WsEndpoint("/valid")
    static class ValidEndpoint {
        @OnTextMessage
        String text(String text) {
            return text;
        }
    }

    @Test
    void aValidEndpointStarts() {
        runner().withBean(ValidEndpoint.class).run(context -> assertThat(context).hasNotFailed());
    }

    // --- paths

    @WsEndpoint("/dup")
    static class FirstAtDup {
        @OnTextMessage
        void text(String text) {
        }
    }

    @WsEndpoint("/dup")
    static class SecondAtDup {
        @OnTextMessage
        void text(String text) {
        }
    }

    @Test
    void rejectsTwoEndpointsAtTheSamePath() {
        WsEndpointDefinitionException failure = startupFailure(
                runner().withBean(FirstAtDup.class).withBean(SecondAtDup.class), null);
        assertThat(failure.getMessage()).contains("/dup", FirstAtDup.class.getSimpleName(),
                SecondAtDup.class.getSimpleName());
    }

    @WsEndpoint("/a/{x}")
    static class TemplateX {
        @OnTextMessage
        void text(String text) {
        }
    }

    @WsEndpoint("/a/{y}")
    static class TemplateY {
        @OnTextMessage
        void text(String text) {
        }
    }

    @Test
    void rejectsTwoTemplatesThatMatchTheSamePaths() {
        WsEndpointDefinitionException failure = startupFailure(
                runner().withBean(TemplateX.class).withBean(TemplateY.class), null);
        assertThat(failure.getMessage()).contains("/a/{x}", "/a/{y}")
                .containsAnyOf(TemplateX.class.getSimpleName(), TemplateY.class.getSimpleName());
    }

    @WsEndpoint
    static class NoPath {
        @OnTextMessage
        void text(String text) {
        }
    }

    @Test
    void rejectsAnEndpointWithoutAPath() {
        startupFailure(runner().withBean(NoPath.class), NoPath.class);
    }

    @WsEndpoint("chat")
    static class PathWithoutSlash {
        @OnTextMessage
        void text(String text) {
        }
    }

    @Test
    void rejectsAPathThatDoesNotStartWithASlash() {
        WsEndpointDefinitionException failure = startupFailure(runner().withBean(PathWithoutSlash.class),
                PathWithoutSlash.class);
        assertThat(failure.getMessage()).contains("'chat'");
    }

    @WsEndpoint(path = "/tiny", maxMessageSize = 0)
    static class ZeroMaxMessageSize {
        @OnTextMessage
        void text(String text) {
        }
    }

    @Test
    void rejectsAnEndpointMaxMessageSizeOfZero() {
        WsEndpointDefinitionException failure = startupFailure(runner().withBean(ZeroMaxMessageSize.class),
                ZeroMaxMessageSize.class);
        assertThat(failure.getMessage()).contains("maxMessageSize");
    }

    @WsEndpoint(path = "/pings", pingInterval = "often")
    static class PingIntervalNotADuration {
        @OnTextMessage
        void text(String text) {
        }
    }

    @WsEndpoint(path = "/pongs", pongTimeout = "-5s")
    static class NegativePongTimeout {
        @OnTextMessage
        void text(String text) {
        }
    }

    @Test
    void rejectsAPingIntervalThatIsNotADuration() {
        WsEndpointDefinitionException failure = startupFailure(runner().withBean(PingIntervalNotADuration.class),
                PingIntervalNotADuration.class);
        assertThat(failure.getMessage()).contains("pingInterval").contains("'often'");
    }

    @Test
    void rejectsANegativePongTimeout() {
        WsEndpointDefinitionException failure = startupFailure(runner().withBean(NegativePongTimeout.class),
                NegativePongTimeout.class);
        assertThat(failure.getMessage()).contains("pongTimeout").contains("negative");
    }

    // --- methods

    @WsEndpoint("/two-text")
    static class TwoTextMethods {
        @OnTextMessage
        void first(String text) {
        }

        @OnTextMessage
        void second(String text) {
        }
    }

    @Test
    void rejectsTwoOnTextMessageMethods() {
        WsEndpointDefinitionException failure = startupFailure(runner().withBean(TwoTextMethods.class),
                TwoTextMethods.class);
        assertThat(failure.getMessage()).contains("@OnTextMessage", "first", "second");
    }

    @WsEndpoint("/two-roles")
    static class MethodWithTwoRoles {
        @OnOpen
        @OnClose
        void both(WsSession session) {
        }
    }

    @Test
    void rejectsAMethodWithTwoRoles() {
        WsEndpointDefinitionException failure = startupFailure(runner().withBean(MethodWithTwoRoles.class),
                MethodWithTwoRoles.class);
        assertThat(failure.getMessage()).contains("both", "@OnOpen", "@OnClose");
    }

    @WsEndpoint("/binary-as-string")
    static class BinaryAsString {
        @OnBinaryMessage
        void binary(String data) {
        }
    }

    @Test
    void rejectsABinaryMessageParameterThatIsNotBytes() {
        WsEndpointDefinitionException failure = startupFailure(runner().withBean(BinaryAsString.class),
                BinaryAsString.class);
        assertThat(failure.getMessage()).contains("binary", "String");
    }

    @WsEndpoint("/integer")
    static class IntegerInOnOpen {
        @OnOpen
        void open(WsSession session, Integer count) {
        }
    }

    @Test
    void rejectsAnUnsupportedParameter() {
        WsEndpointDefinitionException failure = startupFailure(runner().withBean(IntegerInOnOpen.class),
                IntegerInOnOpen.class);
        assertThat(failure.getMessage()).contains("open", "Integer", "@OnOpen");
    }

    @WsEndpoint("/rooms/{room}")
    static class PathParamNotInPath {
        @OnOpen
        void open(@PathParam("user") String user) {
        }
    }

    @Test
    void rejectsAPathParamThatThePathLacks() {
        WsEndpointDefinitionException failure = startupFailure(runner().withBean(PathParamNotInPath.class),
                PathParamNotInPath.class);
        assertThat(failure.getMessage()).contains("open", "user", "/rooms/{room}");
    }

    /** No constructor, factory method or converter takes a String. */
    record Point(int x, int y) {
    }

    @WsEndpoint("/points/{point}")
    static class UnconvertiblePathParam {
        @OnOpen
        void open(@PathParam("point") Point point) {
        }
    }

    @Test
    void rejectsAPathParamTypeWithNoConversionFromString() {
        WsEndpointDefinitionException failure = startupFailure(runner().withBean(UnconvertiblePathParam.class),
                UnconvertiblePathParam.class);
        assertThat(failure.getMessage()).contains("open", "point", "Point");
    }

    @WsEndpoint("/close-returns")
    static class CloseReturnsAValue {
        @OnClose
        String close(WsSession session, CloseStatus status) {
            return "bye";
        }
    }

    @Test
    void rejectsAnOnCloseMethodThatReturnsAValue() {
        WsEndpointDefinitionException failure = startupFailure(runner().withBean(CloseReturnsAValue.class),
                CloseReturnsAValue.class);
        assertThat(failure.getMessage()).contains("close", "@OnClose");
    }

    @WsEndpoint("/no-message")
    static class TextWithoutMessage {
        @OnTextMessage
        void text(WsSession session) {
        }
    }

    @Test
    void rejectsAnOnTextMessageMethodWithoutAMessageParameter() {
        WsEndpointDefinitionException failure = startupFailure(runner().withBean(TextWithoutMessage.class),
                TextWithoutMessage.class);
        assertThat(failure.getMessage()).contains("text", "@OnTextMessage");
    }

    @WsEndpoint("/nothing")
    static class NoAnnotatedMethods {
        void text(String text) {
        }
    }

    @Test
    void rejectsAnEndpointWithNoAnnotatedMethods() {
        startupFailure(runner().withBean(NoAnnotatedMethods.class), NoAnnotatedMethods.class);
    }

    @WsEndpoint(value = "/bad-subprotocol", subprotocols = {"v1", "not a token"})
    static class InvalidSubprotocol {
        @OnTextMessage
        void text(String text) {
        }
    }

    @Test
    void rejectsAnInvalidSubprotocol() {
        WsEndpointDefinitionException failure = startupFailure(runner().withBean(InvalidSubprotocol.class),
                InvalidSubprotocol.class);
        assertThat(failure.getMessage()).contains("not a token");
        assertThat(failure.action()).contains("token");
    }

    // --- interceptors and the endpoint set

    @WsInterceptorFor("/nope")
    static class InterceptorForNoEndpoint implements HandshakeInterceptor {
        @Override
        public HandshakeResult beforeHandshake(HandshakeRequest request, Map<String, Object> attributes) {
            return HandshakeResult.accept();
        }
    }

    @Test
    void rejectsAnInterceptorNamingNoEndpoint() {
        WsEndpointDefinitionException failure = startupFailure(
                runner().withBean(ValidEndpoint.class).withBean(InterceptorForNoEndpoint.class),
                InterceptorForNoEndpoint.class);
        assertThat(failure.getMessage()).contains("/nope");
        assertThat(failure.action()).contains("/valid");
    }

    @Test
    void rejectsAnApplicationWithNoEndpoints() {
        WsEndpointDefinitionException failure = startupFailure(runner(), null);
        assertThat(failure.getMessage()).contains("no endpoints");
        assertThat(failure.action()).contains("@WsEndpoint", "ws.server.enabled=false");
    }
}
