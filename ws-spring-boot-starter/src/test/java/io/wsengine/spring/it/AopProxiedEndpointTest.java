package io.wsengine.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.spring.LocalWsServerPort;
import io.wsengine.spring.OnOpen;
import io.wsengine.spring.OnTextMessage;
import io.wsengine.spring.WsEndpoint;
import io.wsengine.spring.testing.TestClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.EnableAspectJAutoProxy;
import org.springframework.context.annotation.Import;

/** An endpoint behind an AOP proxy: its methods are found on the target class and called through the proxy. */
@SpringBootTest(classes = AopProxiedEndpointTest.App.class, properties = "ws.server.port=0")
class AopProxiedEndpointTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableAspectJAutoProxy
    @Import({AdvisedEndpoint.class, WrappingAspect.class})
    static class App {
    }

    @WsEndpoint("/advised")
    public static class AdvisedEndpoint {
        @OnOpen
        public String open() {
            return "welcome";
        }

        @OnTextMessage
        public String text(String text) {
            return "echo " + text;
        }
    }

    /** Counts calls by method name and wraps String results, so a reply shows that it went through. */
    @Aspect
    static class WrappingAspect {
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

        @Around("within(io.wsengine.spring.it.AopProxiedEndpointTest.AdvisedEndpoint)")
        public Object wrap(ProceedingJoinPoint call) throws Throwable {
            calls.computeIfAbsent(call.getSignature().getName(), name -> new AtomicInteger()).incrementAndGet();
            Object result = call.proceed();
            return result instanceof String text ? "advised(" + text + ")" : result;
        }
    }

    @LocalWsServerPort
    int port;

    @Autowired
    AdvisedEndpoint endpoint;

    @Autowired
    WrappingAspect aspect;

    @Test
    void endpointBeanIsAnAopProxy() {
        assertThat(AopUtils.isAopProxy(endpoint)).isTrue();
    }

    @Test
    void textMethodIsCalledThroughTheProxyAndTheAdviceRuns() {
        try (TestClient client = TestClient.connect(port, "/advised")) {
            assertThat(client.nextText()).isEqualTo("advised(welcome)");
            int before = aspect.calls.get("text") == null ? 0 : aspect.calls.get("text").get();
            client.send("hi");
            assertThat(client.nextText()).isEqualTo("advised(echo hi)");
            assertThat(aspect.calls.get("text")).hasValue(before + 1);
        }
    }
}
