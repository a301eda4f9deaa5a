package io.wsengine.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** What the context-runner tests share: the runner, a cause-chain search, and a JDK WebSocket round trip. */
final class WsContextTestSupport {
    /** Generous: the build machine has 2 cores and other builds run beside the tests. */
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private WsContextTestSupport() {
    }

    /** Our auto-configuration as an application gets it, on a free loopback port. */
    static ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(WsServerAutoConfiguration.class,
                        TaskExecutionAutoConfiguration.class, JacksonAutoConfiguration.class))
                .withPropertyValues("ws.server.port=0", "ws.server.address=127.0.0.1");
    }

    /** Every throwable in the chain, the failure first. */
    static List<Throwable> causeChain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    /** The first throwable of this type in the chain; fails the test when there is none. */
    static <T extends Throwable> T causeOfType(Throwable failure, Class<T> type) {
        assertThat(failure).as("start-up failure").isNotNull();
        return causeChain(failure).stream().filter(type::isInstance).map(type::cast).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getName() + " in the cause chain of " + failure,
                        failure));
    }

    /** The messages of the whole chain, one per line. */
    /** Asserts that the context fails to start with these property values, for this reason, naming the property. */
    static void assertStartupFailsNaming(ApplicationContextRunner runner, String property, String reason,
            String... values) {
        runner.withPropertyValues(values).run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            assertThat(messages(failure)).contains(reason);
            BindException bind = causeChain(failure).stream().filter(BindException.class::isInstance)
                    .map(BindException.class::cast).findFirst().orElse(null);
            String named = (bind == null || bind.getProperty() == null) ? messages(failure)
                    : bind.getProperty().getName().toString();
            assertThat(named).contains(property);
        });
    }

    static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t : causeChain(failure)) {
            all.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    /** Opens a connection, sends one text message, and returns the first text message that comes back. */
    static String roundTrip(int port, String path, String text) throws Exception {
        CompletableFuture<String> received = new CompletableFuture<>();
        WebSocket ws = CLIENT.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + path), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        received.complete(data.toString());
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        received.completeExceptionally(new AssertionError("closed " + statusCode + " " + reason));
                        return null;
                    }

                    @Override
                    public void onError(WebSocket webSocket, Throwable error) {
                        received.completeExceptionally(error);
                    }
                }).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        try {
            ws.sendText(text, true).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            String reply = received.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return reply;
        } finally {
            ws.abort();
        }
    }
}
