package io.wsengine.spring.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Opens a {@link io.wsengine.spring.WsEndpoint} to upgrades without credentials, where Spring Security
 * otherwise refuses them with {@code 401}. Credentials that a client sends all the same are still
 * checked: a valid one names the session's principal, an invalid one is refused {@code 401}, as
 * Spring Security's {@code permitAll()} does with a bearer token.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WsPermitAll {
}
