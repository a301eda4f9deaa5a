package io.wsengine.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a parameter to a path variable of the endpoint's template, such as {@code room} in
 * {@code /chat/{room}}, converted to the parameter's type with Spring's {@code ConversionService}
 * (so {@code @PathParam("id") long id} works). A value that cannot be converted refuses the
 * handshake with {@code 400}, before the session opens.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PathParam {
    /**
     * The variable's name; defaults to the parameter's name (needs {@code -parameters}). A name that
     * is not a variable of the endpoint's template fails start-up.
     *
     * @return the variable's name, or {@code ""} for the parameter's name
     */
    String value() default "";
}
