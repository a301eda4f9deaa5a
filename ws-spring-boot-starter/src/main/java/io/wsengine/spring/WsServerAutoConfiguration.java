package io.wsengine.spring;

import io.wsengine.HandshakeInterceptor;
import io.wsengine.WsServer;
import io.wsengine.WsServerConfig;
import io.wsengine.spring.support.EndpointRegistry;
import io.wsengine.spring.support.JacksonJsonCodec;
import io.wsengine.spring.support.JsonCodec;
import java.util.Map;
import java.util.concurrent.Executor;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.env.ConfigurableEnvironment;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves {@link WsEndpoint} beans with the wsengine WebSocket server, configured by
 * {@code ws.server.*} properties. Every bean backs off when the application defines its own; the
 * whole configuration is off with {@code ws.server.enabled=false}.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration",
        "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration"})
@ConditionalOnClass(WsServer.class)
@ConditionalOnProperty(prefix = WsServerProperties.PREFIX, name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(WsServerProperties.class)
public class WsServerAutoConfiguration {
    /** Name of an {@link Executor} bean that, when present, runs endpoint methods. */
    public static final String ENDPOINT_EXECUTOR = "wsEndpointExecutor";
    private static final String APPLICATION_TASK_EXECUTOR = "applicationTaskExecutor";

    @Bean
    @ConditionalOnMissingBean
    public EndpointRegistry wsEndpointRegistry(WsServerProperties properties, ObjectProvider<JsonCodec> json,
                                               ObjectProvider<ConversionService> conversionService,
                                               ListableBeanFactory beanFactory) {
        Executor executor = properties.getDispatch() == WsServerProperties.Dispatch.EVENT_LOOP
                ? null : dispatchExecutor(beanFactory);
        return new EndpointRegistry(conversionService.getIfUnique(() -> withConverterBeans(beanFactory)),
                json.getIfAvailable(), executor, properties);
    }

    /**
     * Where the application has no ConversionService bean (usual without a web stack): Spring Boot's
     * conversions plus the application's own Converter, GenericConverter and Formatter beans.
     */
    private static ConversionService withConverterBeans(ListableBeanFactory beanFactory) {
        ApplicationConversionService conversions = new ApplicationConversionService();
        ApplicationConversionService.addBeans(conversions, beanFactory);
        return conversions;
    }

    /** The executor for endpoint methods: ours by name, else Spring Boot's application task executor. */
    private static Executor dispatchExecutor(ListableBeanFactory beanFactory) {
        for (String name : new String[] {ENDPOINT_EXECUTOR, APPLICATION_TASK_EXECUTOR}) {
            if (beanFactory.containsBean(name)) {
                return beanFactory.getBean(name, Executor.class);
            }
        }
        Map<String, Executor> executors = beanFactory.getBeansOfType(Executor.class);
        if (executors.size() == 1) {
            return executors.values().iterator().next();
        }
        throw new WsEndpointDefinitionException("ws.server.dispatch=executor needs an Executor, and there is "
                + (executors.isEmpty() ? "none" : "more than one " + executors.keySet()),
                "Define an Executor bean named " + ENDPOINT_EXECUTOR + ", keep Spring Boot's task execution"
                        + " auto-configuration, or set ws.server.dispatch=event-loop for handlers that never block.");
    }

    @Bean
    @ConditionalOnMissingBean
    public WsServerLifecycle wsServerLifecycle(WsServerProperties properties, EndpointRegistry registry,
                                               ObjectProvider<HandshakeInterceptor> interceptors,
                                               ApplicationContext context, ConfigurableEnvironment environment) {
        return new WsServerLifecycle(() -> {
            EndpointRegistry.Routes routes = registry.routes(context.getBeansWithAnnotation(WsEndpoint.class),
                    interceptors.orderedStream().toList());
            return config(properties, routes);
        }, properties, environment);
    }

    private static WsServerConfig config(WsServerProperties properties, EndpointRegistry.Routes routes) {
        if (routes.routes().isEmpty()) {
            throw new WsEndpointDefinitionException("The WebSocket server has no endpoints",
                    "Annotate a bean with @WsEndpoint(\"/path\"), or set ws.server.enabled=false.");
        }
        if (properties.getMaxFrameSize() != null
                && properties.getMaxFrameSize().toBytes() > properties.getMaxMessageSize().toBytes()) {
            throw new IllegalStateException("ws.server.max-frame-size (" + properties.getMaxFrameSize()
                    + ") may not exceed ws.server.max-message-size (" + properties.getMaxMessageSize() + ")");
        }
        WsServerConfig.Builder builder = properties.toConfigBuilder();
        routes.routes().forEach(builder::route);
        routes.globalInterceptors().forEach(builder::interceptor);
        return builder.build();
    }

    @Bean
    @ConditionalOnMissingBean
    public WsBroadcaster wsBroadcaster(WsServerLifecycle lifecycle, ObjectProvider<JsonCodec> json) {
        return new WsBroadcaster(lifecycle, json.getIfAvailable());
    }

    /** JSON for endpoint parameters and return values, with the application's Jackson 3 mapper. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(JsonMapper.class)
    static class JsonConfiguration {
        @Bean
        @ConditionalOnMissingBean
        JsonCodec wsJsonCodec(ObjectProvider<JsonMapper> mapper) {
            return new JacksonJsonCodec(mapper.getIfAvailable(() -> JsonMapper.builder().build()));
        }
    }
}
