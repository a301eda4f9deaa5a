package io.wsengine.spring.servlet;

import io.wsengine.spring.WsServerAutoConfiguration;
import io.wsengine.spring.WsServerConfigCustomizer;
import io.wsengine.spring.WsServerLifecycle;
import io.wsengine.spring.WsServerProperties;
import io.wsengine.spring.WsServerProperties.ServeOn;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpUpgradeHandler;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Serves the endpoints on the web server's port too ({@code ws.server.serve-on=web-port} or
 * {@code both}), through HTTP upgrade in the servlet container: a {@link WsUpgradeFilter} for every
 * path, ordered after Spring Security's filter chain. Under {@code web-port} the engine listens on
 * no port of its own.
 */
@AutoConfiguration(after = WsServerAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({HttpUpgradeHandler.class, OncePerRequestFilter.class})
@ConditionalOnBean(WsServerLifecycle.class)
@Conditional(OnWebPortCondition.class)
public class WsServletAutoConfiguration {
    /**
     * The filter's order: after Spring Security's filter chain ({@code -100}) and Spring Boot's
     * request filters, so that an upgrade is authenticated and authorized like any other request.
     */
    public static final int FILTER_ORDER = 0;

    /** Created by Spring Boot's auto-configuration, not by applications. */
    public WsServletAutoConfiguration() {
    }

    /**
     * The filter that takes upgrade requests for the endpoints.
     *
     * @param lifecycle  the engine's lifecycle
     * @param properties the {@code ws.server.*} settings: a deferred decision waits at most the
     *                   handshake timeout
     * @return the filter
     */
    @Bean
    @ConditionalOnMissingBean
    public WsUpgradeFilter wsUpgradeFilter(WsServerLifecycle lifecycle, WsServerProperties properties) {
        return new WsUpgradeFilter(lifecycle, properties.getHandshakeTimeout(),
                properties.getWebPortMaxUnread().toBytes(), properties.getCloseTimeout());
    }

    /**
     * Registers the filter for every path and plain requests only (an upgrade is never forwarded or
     * dispatched again), at {@link #FILTER_ORDER}.
     *
     * @param filter the filter
     * @return its registration
     */
    @Bean
    @ConditionalOnMissingBean(name = "wsUpgradeFilterRegistration")
    public FilterRegistrationBean<WsUpgradeFilter> wsUpgradeFilterRegistration(WsUpgradeFilter filter) {
        FilterRegistrationBean<WsUpgradeFilter> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns("/*");
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        registration.setOrder(FILTER_ORDER);
        return registration;
    }

    /**
     * Under {@code web-port}, the engine listens on no port of its own.
     *
     * @param properties the {@code ws.server.*} settings
     * @return the customizer
     */
    @Bean
    public WsServerConfigCustomizer wsWebPortOnlyCustomizer(WsServerProperties properties) {
        return builder -> builder.listening(properties.getServeOn() != ServeOn.WEB_PORT);
    }

    /** On Tomcat: its dispatches of the engine's upgraded connections run off its worker pool. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.apache.catalina.connector.Connector",
            "org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory"})
    static class OnTomcat {
        /**
         * Runs Tomcat's dispatches of the engine's upgraded connections on its poller or the sessions'
         * loops, not on its worker pool. A factory customizer rather than a connector customizer
         * bean, so that it reaches an application's own Tomcat factory bean too.
         *
         * @return the customizer that installs {@link TomcatUpgradeDispatch} on the factory's connector
         */
        @Bean
        WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> wsTomcatUpgradeDispatch() {
            return factory -> factory.addConnectorCustomizers(new TomcatUpgradeDispatchInstaller());
        }
    }
}
