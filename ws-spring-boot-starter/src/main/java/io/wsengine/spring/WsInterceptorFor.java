package io.wsengine.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Limits a {@link io.wsengine.HandshakeInterceptor} bean to the endpoints with these path templates
 * (written as on their {@link WsEndpoint}). An interceptor bean without it applies to every endpoint.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WsInterceptorFor {

    /**
     * Path templates of the endpoints, such as {@code /chat/{room}}. A template that no endpoint has
     * fails start-up with {@link WsEndpointDefinitionException}.
     *
     * @return the templates, each exactly as written on its {@link WsEndpoint}
     */
    String[] value();
}
