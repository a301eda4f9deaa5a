package io.wsengine.spring;

import io.wsengine.HandshakeInterceptor;
import io.wsengine.WsServer;
import io.wsengine.WsServerConfig;
import io.wsengine.spring.cluster.WsClusterBus;
import io.wsengine.spring.support.EndpointCallScope;
import io.wsengine.spring.support.EndpointFailureStatus;
import io.wsengine.spring.support.EndpointRegistry;
import io.wsengine.spring.support.JacksonJsonCodec;
import io.wsengine.spring.support.JsonCodec;
import java.util.List;
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
@EnableConfigurationProperties({WsServerProperties.class, WsCompressionProperties.class})
public class WsServerAutoConfiguration {
    /** Name of an {@link Executor} bean that, when present, runs endpoint methods. */
    public static final String ENDPOINT_EXECUTOR = "wsEndpointExecutor";

    /** Created by Spring Boot's auto-configuration, not by applications. */
    public WsServerAutoConfiguration() {
    }
    private static final String APPLICATION_TASK_EXECUTOR = "applicationTaskExecutor";

    /**
     * Checks the {@link WsEndpoint} beans and turns them into the engine's routes. Under
     * {@code ws.server.dispatch=executor} (the default), endpoint methods run on the {@link Executor}
     * bean named {@value #ENDPOINT_EXECUTOR}, else on Spring Boot's {@code applicationTaskExecutor},
     * else on the only {@code Executor} bean.
     *
     * @param properties        the {@code ws.server.*} settings
     * @param json              the JSON codec for parameters and return values, when Jackson is present
     * @param conversionService converts path variables for {@link PathParam}; when the application
     *                          has no unique one, Spring Boot's conversions plus its converter and
     *                          formatter beans
     * @param beanFactory       where the executor is looked up
     * @param callScopes        entered around every endpoint method call, in their order (such as
     *                          the SecurityContext of the Spring Security integration)
     * @param failureStatuses   asked in their order how to close a session whose failure no
     *                          {@link OnError} method took (such as {@code 1008} for a denied call)
     * @return the registry
     * @throws WsEndpointDefinitionException under executor dispatch, when there is no executor or
     *                                       several and none of the names above
     */
    @Bean
    @ConditionalOnMissingBean
    public EndpointRegistry wsEndpointRegistry(WsServerProperties properties, ObjectProvider<JsonCodec> json,
                                               ObjectProvider<ConversionService> conversionService,
                                               ListableBeanFactory beanFactory,
                                               ObjectProvider<EndpointCallScope> callScopes,
                                               ObjectProvider<EndpointFailureStatus> failureStatuses) {
        Executor executor = properties.getDispatch() == WsServerProperties.Dispatch.EVENT_LOOP
                ? null : dispatchExecutor(beanFactory);
        return new EndpointRegistry(conversionService.getIfUnique(() -> withConverterBeans(beanFactory)),
                json.getIfAvailable(), executor, properties, callScopes.orderedStream().toList(),
                failureStatuses.orderedStream().toList());
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

    /**
     * Runs the server with the context. Its configuration is built when it starts, after every bean
     * exists: the {@code ws.server.*} settings, a route per {@link WsEndpoint} bean, and the
     * {@link HandshakeInterceptor} beans in their order ({@link WsInterceptorFor} limits one to some
     * endpoints; the others apply to all), then the {@link WsServerConfigCustomizer} beans in their
     * order. Start-up then fails with a {@link WsEndpointDefinitionException} when there is no
     * endpoint or one is defined wrongly, and with an {@link IllegalStateException} when
     * {@code max-frame-size} exceeds {@code max-message-size}.
     *
     * @param properties   the {@code ws.server.*} settings
     * @param compression  the {@code ws.server.compression.*} settings
     * @param registry     turns the endpoint beans into routes
     * @param interceptors the interceptor beans
     * @param customizers  the customizer beans, such as the one for {@code ws.server.ssl.*}
     * @param context      where the endpoint beans are found
     * @param environment  where the port is published as {@value LocalWsServerPort#PROPERTY}
     * @return the lifecycle
     */
    @Bean
    @ConditionalOnMissingBean
    public WsServerLifecycle wsServerLifecycle(WsServerProperties properties, WsCompressionProperties compression,
                                               EndpointRegistry registry,
                                               ObjectProvider<HandshakeInterceptor> interceptors,
                                               ObjectProvider<WsServerConfigCustomizer> customizers,
                                               ApplicationContext context, ConfigurableEnvironment environment) {
        return new WsServerLifecycle(() -> {
            requireWebPortMount(properties, context);
            EndpointRegistry.Routes routes = registry.routes(context.getBeansWithAnnotation(WsEndpoint.class),
                    interceptors.orderedStream().toList());
            return config(properties, compression, routes, customizers.orderedStream().toList());
        }, properties, environment);
    }

    /** {@code serve-on} other than the own port needs the servlet mount, which only a servlet web application has. */
    private static void requireWebPortMount(WsServerProperties properties, ApplicationContext context) {
        if (properties.getServeOn() != WsServerProperties.ServeOn.OWN_PORT
                && !context.containsBean("wsUpgradeFilterRegistration")) {
            throw new WsEndpointDefinitionException("ws.server.serve-on=" + properties.getServeOn().name()
                    .toLowerCase(java.util.Locale.ROOT).replace('_', '-') + " needs a servlet web application, and this"
                    + " application is not one", "Add spring-boot-starter-webmvc (Tomcat), or set"
                    + " ws.server.serve-on=own-port.");
        }
    }

    private static WsServerConfig config(WsServerProperties properties, WsCompressionProperties compression,
                                         EndpointRegistry.Routes routes, List<WsServerConfigCustomizer> customizers) {
        if (routes.routes().isEmpty()) {
            throw new WsEndpointDefinitionException("The WebSocket server has no endpoints",
                    "Annotate a bean with @WsEndpoint(\"/path\"), or set ws.server.enabled=false.");
        }
        if (properties.getMaxFrameSize() != null
                && properties.getMaxFrameSize().toBytes() > properties.getMaxMessageSize().toBytes()) {
            throw new IllegalStateException("ws.server.max-frame-size (" + properties.getMaxFrameSize()
                    + ") may not exceed ws.server.max-message-size (" + properties.getMaxMessageSize() + ")");
        }
        WsServerConfig.Builder builder = properties.toConfigBuilder().compression(compression.toConfig());
        routes.routes().forEach(builder::route);
        routes.globalInterceptors().forEach(builder::interceptor);
        customizers.forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    /**
     * Sends to many sessions at once.
     *
     * @param lifecycle the running server's lifecycle
     * @param json      the JSON codec for objects sent as JSON, when Jackson is present
     * @param bus       the cluster bus, when the application runs as several nodes
     * @return the broadcaster
     */
    @Bean
    @ConditionalOnMissingBean
    public WsBroadcaster wsBroadcaster(WsServerLifecycle lifecycle, ObjectProvider<JsonCodec> json,
            ObjectProvider<WsClusterBus> bus) {
        return new WsBroadcaster(lifecycle, json.getIfAvailable(), bus.getIfUnique());
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
