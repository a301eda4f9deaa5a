package io.wsengine.spring.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.CloseStatus;
import io.wsengine.WsSession;
import io.wsengine.spring.OnClose;
import io.wsengine.spring.OnOpen;
import io.wsengine.spring.OnTextMessage;
import io.wsengine.spring.PathParam;
import io.wsengine.spring.WsEndpoint;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.io.support.SpringFactoriesLoader;

/** The hints an AOT-processed application gets for its endpoints, checked as a native image would use them. */
class EndpointRuntimeHintsTest {

    record Question(String text, List<Tag> tags) {
    }

    record Tag(String name) {
    }

    record Answer(String text) {
    }

    record Later(int count) {
    }

    @WsEndpoint("/ask/{topic}")
    static class AskEndpoint {
        @OnOpen
        void open(WsSession session, @PathParam("topic") String topic) {
        }

        @OnTextMessage
        Answer ask(Question question, WsSession session) {
            return new Answer(question.text());
        }

        @OnClose
        CompletableFuture<Later> close(CloseStatus status) {
            return CompletableFuture.completedFuture(new Later(1));
        }

        void notAnEndpointMethod(Unrelated unrelated) {
        }
    }

    static class Unrelated {
    }

    private final RuntimeHints hints = new RuntimeHints();

    @Test
    void endpointMethodsMayBeInvokedReflectively() throws NoSuchMethodException {
        EndpointRuntimeHints.register(hints, AskEndpoint.class);

        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(
                AskEndpoint.class.getDeclaredMethod("open", WsSession.class, String.class))).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(
                AskEndpoint.class.getDeclaredMethod("ask", Question.class, WsSession.class))).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(
                AskEndpoint.class.getDeclaredMethod("close", CloseStatus.class))).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(
                AskEndpoint.class.getDeclaredMethod("notAnEndpointMethod", Unrelated.class))).rejects(hints);
    }

    @Test
    void jsonTypesOfTheSignaturesAreBoundIncludingNestedAndStagedOnes() {
        EndpointRuntimeHints.register(hints, AskEndpoint.class);

        for (Class<?> type : List.of(Question.class, Tag.class, Answer.class, Later.class)) {
            assertThat(RuntimeHintsPredicates.reflection().onType(type)
                    .withMemberCategories(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).as(type.getSimpleName()).accepts(hints);
        }
        assertThat(RuntimeHintsPredicates.reflection().onType(WsSession.class)).rejects(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(Unrelated.class)).rejects(hints);
    }

    @Test
    void springsAotProcessingFindsItAndContributesForEndpointBeansOnly() {
        List<BeanRegistrationAotProcessor> processors = SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
                .load(BeanRegistrationAotProcessor.class);
        assertThat(processors).hasAtLeastOneElementOfType(EndpointRuntimeHints.class);

        DefaultListableBeanFactory factory = new DefaultListableBeanFactory();
        factory.registerBeanDefinition("ask", new RootBeanDefinition(AskEndpoint.class));
        factory.registerBeanDefinition("other", new RootBeanDefinition(Unrelated.class));
        EndpointRuntimeHints processor = new EndpointRuntimeHints();

        assertThat(processor.processAheadOfTime(RegisteredBean.of(factory, "ask"))).isNotNull();
        assertThat(processor.processAheadOfTime(RegisteredBean.of(factory, "other"))).isNull();
    }
}
