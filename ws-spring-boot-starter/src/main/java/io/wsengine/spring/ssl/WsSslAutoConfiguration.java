package io.wsengine.spring.ssl;

import io.wsengine.WsServer;
import io.wsengine.spring.WsServerAutoConfiguration;
import io.wsengine.spring.WsServerLifecycle;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;

/**
 * {@code wss://} for the WebSocket server from a Spring Boot SSL bundle: {@code ws.server.ssl.bundle}
 * names it, {@code ws.server.ssl.client-auth} says whether clients need a certificate. Active
 * whenever the server is, so that whether TLS is on is decided when the server starts, not when
 * conditions are evaluated (ahead-of-time processing evaluates them at build time).
 */
@AutoConfiguration(after = {WsServerAutoConfiguration.class, SslAutoConfiguration.class})
@ConditionalOnClass({WsServer.class, SslBundles.class})
@ConditionalOnBean(WsServerLifecycle.class)
@EnableConfigurationProperties(WsSslProperties.class)
public class WsSslAutoConfiguration {
    /** Created by Spring Boot's auto-configuration, not by applications. */
    public WsSslAutoConfiguration() {
    }

    /**
     * Applies the bundle each time the server starts, and follows its updates.
     *
     * @param properties the {@code ws.server.ssl.*} settings
     * @param bundles    Spring Boot's SSL bundles
     * @param lifecycle  the server's lifecycle, whose running server gets the updated bundles
     * @return the customizer
     */
    @Bean
    @ConditionalOnMissingBean
    public WsSslBundleCustomizer wsSslBundleCustomizer(WsSslProperties properties, ObjectProvider<SslBundles> bundles,
                                                       ObjectProvider<WsServerLifecycle> lifecycle) {
        return new WsSslBundleCustomizer(properties, bundles::getIfAvailable, () -> {
            WsServerLifecycle running = lifecycle.getIfAvailable();
            return running == null ? null : running.server();
        });
    }
}
