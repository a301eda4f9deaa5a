package io.wsengine.spring;

import io.wsengine.WsServerConfig;

/**
 * Changes the engine configuration that the {@code ws.server.*} properties describe, each time the
 * server starts: a bean of this type is called, in {@link org.springframework.core.annotation.Order
 * order}, after the properties and the endpoint routes have been applied and before the configuration
 * is built. The starter's TLS support ({@code ws.server.ssl.*}) is one.
 */
@FunctionalInterface
public interface WsServerConfigCustomizer {
    /**
     * Adjusts the configuration.
     *
     * @param builder the configuration being made; its routes and interceptors are already set
     */
    void customize(WsServerConfig.Builder builder);
}
