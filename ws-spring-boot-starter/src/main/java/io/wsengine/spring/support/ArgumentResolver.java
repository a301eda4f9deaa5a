package io.wsengine.spring.support;

/** Produces one argument of an endpoint method from an invocation. */
@FunctionalInterface
interface ArgumentResolver {
    Object resolve(Invocation invocation);
}
