package io.wsengine.spring.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Captures what a test prints (Logback's console appender writes to {@code System.out} as it is at
 * each call) without passing it on: a test that fails start-up on purpose then keeps its
 * {@code APPLICATION FAILED TO START} report out of the build log. The capture is printed only when
 * the test fails, so nothing is lost for the one who has to look.
 */
public final class QuietOutput implements BeforeEachCallback, AfterEachCallback, TestWatcher, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(QuietOutput.class);

    /** What the test printed so far, to both streams. */
    public static final class Captured {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private PrintStream out;
        private PrintStream err;

        public String getOut() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Captured captured = new Captured();
        captured.out = System.out;
        captured.err = System.err;
        PrintStream sink = new PrintStream(captured.bytes, true, StandardCharsets.UTF_8);
        System.setOut(sink);
        System.setErr(sink);
        context.getStore(NAMESPACE).put(Captured.class, captured);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Captured captured = context.getStore(NAMESPACE).get(Captured.class, Captured.class);
        System.setOut(captured.out);
        System.setErr(captured.err);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        Captured captured = context.getStore(NAMESPACE).get(Captured.class, Captured.class);
        if (captured != null) {
            System.out.println("---- output of the failed test " + context.getDisplayName() + " ----");
            System.out.print(captured.getOut());
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Captured.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NAMESPACE).get(Captured.class, Captured.class);
    }
}
