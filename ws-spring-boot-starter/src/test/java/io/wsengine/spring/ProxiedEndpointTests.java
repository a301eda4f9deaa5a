package io.wsengine.spring;

import static io.wsengine.spring.WsContextTestSupport.roundTrip;
import static io.wsengine.spring.WsContextTestSupport.runner;
import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.WsSession;
import java.util.concurrent.atomic.AtomicInteger;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** An endpoint bean wrapped in an AOP proxy (as @Transactional, @Timed and the like do) is still served, advised. */
class ProxiedEndpointTests {

    interface Greeter {
        String greet(String name);
    }

    @WsEndpoint("/greet")
    static class GreeterEndpoint implements Greeter {
        @Override
        @OnTextMessage
        public String greet(String name) {
            return "hello " + name;
        }
    }

    /** Its @OnOpen method is not on the interface, so an interface proxy cannot call it. */
    @WsEndpoint("/greet")
    static class GreeterWithHiddenMethod implements Greeter {
        @Override
        @OnTextMessage
        public String greet(String name) {
            return "hello " + name;
        }

        @OnOpen
        public void open(WsSession session) {
        }
    }

    @Aspect
    static class CountingAspect {
        final AtomicInteger calls = new AtomicInteger();

        @Around("execution(* io.wsengine.spring.ProxiedEndpointTests.Greeter*.*(..))")
        Object count(ProceedingJoinPoint call) throws Throwable {
            calls.incrementAndGet();
            return call.proceed();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class AspectConfig {
        @Bean
        CountingAspect countingAspect() {
            return new CountingAspect();
        }
    }

    private static void servesAdvisedEndpoint(String proxyTargetClass, boolean expectCglib) {
        runner().withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class))
                .withUserConfiguration(AspectConfig.class).withBean("greeter", GreeterEndpoint.class)
                .withPropertyValues("spring.aop.proxy-target-class=" + proxyTargetClass)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Object bean = context.getBean("greeter");
                    assertThat(expectCglib ? AopUtils.isCglibProxy(bean) : AopUtils.isJdkDynamicProxy(bean)).isTrue();
                    int port = context.getBean(WsServerLifecycle.class).port();
                    assertThat(roundTrip(port, "/greet", "ada")).isEqualTo("hello ada");
                    assertThat(context.getBean(CountingAspect.class).calls).hasValue(1);
                });
    }

    @Test
    void servesAClassProxiedEndpointThroughItsProxy() {
        servesAdvisedEndpoint("true", true);
    }

    @Test
    void servesAnInterfaceProxiedEndpointThroughItsProxy() {
        servesAdvisedEndpoint("false", false);
    }

    @Test
    void aMethodTheInterfaceProxyCannotCallFailsStartUpWithAnAction() {
        runner().withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class))
                .withUserConfiguration(AspectConfig.class).withBean("greeter", GreeterWithHiddenMethod.class)
                .withPropertyValues("spring.aop.proxy-target-class=false")
                .run(context -> {
                    assertThat(context).hasFailed();
                    WsEndpointDefinitionException failure = WsContextTestSupport.causeOfType(
                            context.getStartupFailure(), WsEndpointDefinitionException.class);
                    assertThat(failure.getMessage()).contains(GreeterWithHiddenMethod.class.getSimpleName(), "open");
                    assertThat(failure.action()).contains("proxyTargetClass");
                });
    }
}
