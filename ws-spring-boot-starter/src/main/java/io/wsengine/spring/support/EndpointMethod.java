package io.wsengine.spring.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * One annotated method of an endpoint bean, ready to call: invoked through the bean as Spring holds
 * it (a proxy, if any), with each argument drawn from the invocation by its resolver, inside the
 * call scope (the SecurityContext, say) when there is one.
 */
final class EndpointMethod {
    private final Object bean;
    private final Method method;
    private final ArgumentResolver[] resolvers;
    private final String description;
    private final Class<? extends Throwable> handledFailure;
    /** Null when there is none: the call is then made as it is. */
    private final EndpointCallScope scope;
    private final EndpointMethodKind kind;

    /**
     * @param handledFailure for an {@code @OnError} method, the failures it takes; else Throwable
     * @param scope          entered around each call; null for none
     * @param kind           which of the endpoint's methods this is, as the scope is told
     */
    EndpointMethod(Object bean, Method method, ArgumentResolver[] resolvers, String description,
                   Class<? extends Throwable> handledFailure, EndpointCallScope scope, EndpointMethodKind kind) {
        this.bean = bean;
        this.method = method;
        this.resolvers = resolvers;
        this.description = description;
        this.handledFailure = handledFailure;
        this.scope = scope;
        this.kind = kind;
    }

    /** Whether this {@code @OnError} method takes the failure: its Throwable parameter accepts it. */
    boolean handles(Throwable failure) {
        return handledFailure.isInstance(failure);
    }

    /**
     * @return the method's return value
     * @throws Throwable what the method threw, or a {@link io.wsengine.spring.WsMessageDecodingException}
     */
    Object invoke(Invocation invocation) throws Throwable {
        Object[] arguments = new Object[resolvers.length];
        for (int i = 0; i < resolvers.length; i++) {
            arguments[i] = resolvers[i].resolve(invocation);
        }
        if (scope == null) {
            return call(arguments);
        }
        // the scope times and traces the method alone: resolving (decoding) the arguments comes before
        Object saved = scope.enter(invocation.session(), kind);
        Throwable failure = null;
        try {
            return call(arguments);
        } catch (Throwable t) {
            failure = t;
            throw t;
        } finally {
            scope.exit(saved, failure);
        }
    }

    private Object call(Object[] arguments) throws Throwable {
        try {
            return method.invoke(bean, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Class and method, for messages: {@code ChatEndpoint.onText(ChatMessage, WsSession)}. */
    @Override
    public String toString() {
        return description;
    }
}
