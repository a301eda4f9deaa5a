package io.wsengine.spring.support;

import io.wsengine.CloseStatus;
import io.wsengine.HandshakeRequest;
import io.wsengine.WsSession;
import io.wsengine.spring.OnBinaryMessage;
import io.wsengine.spring.OnClose;
import io.wsengine.spring.OnError;
import io.wsengine.spring.OnOpen;
import io.wsengine.spring.OnTextMessage;
import io.wsengine.spring.PathParam;
import io.wsengine.spring.WsEndpointDefinitionException;
import io.wsengine.spring.WsMessageDecodingException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.util.ReflectionUtils;

/**
 * Checks an annotated endpoint method and compiles it into an {@link EndpointMethod}: every parameter
 * gets a resolver, or start-up fails with a message naming the class, the method and the parameter.
 */
final class EndpointMethodFactory {

    /** The five method roles, by annotation. */
    enum Role {
        OPEN(OnOpen.class), TEXT(OnTextMessage.class), BINARY(OnBinaryMessage.class), CLOSE(OnClose.class),
        ERROR(OnError.class);

        final Class<? extends Annotation> annotation;

        Role(Class<? extends Annotation> annotation) {
            this.annotation = annotation;
        }

        String annotationName() {
            return "@" + annotation.getSimpleName();
        }
    }

    private final ConversionService conversionService;
    private final JsonCodec json;
    /** Null when there is none. */
    private final EndpointCallScope callScope;
    private final DefaultParameterNameDiscoverer parameterNames = new DefaultParameterNameDiscoverer();

    /** @param callScope entered around every call of every method made here; null for none */
    EndpointMethodFactory(ConversionService conversionService, JsonCodec json, EndpointCallScope callScope) {
        this.conversionService = conversionService;
        this.json = json;
        this.callScope = callScope;
    }

    /** @param pathParamCheck told of every conversion a {@code @PathParam} parameter needs */
    EndpointMethod create(Role role, Object bean, Method method, String path, List<String> pathVariables,
                          PathParamCheck pathParamCheck) {
        String description = describe(method);
        Method invocable;
        try {
            invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
        } catch (IllegalStateException e) {
            throw new WsEndpointDefinitionException(description + " cannot be called through the bean's proxy: "
                    + e.getMessage(), "Make the method public (and, for a JDK interface proxy, declare it on an"
                    + " interface of the bean), or proxy the class (proxyTargetClass = true).");
        }
        ReflectionUtils.makeAccessible(invocable);
        checkReturnType(role, method, description);
        Class<?>[] types = method.getParameterTypes();
        ArgumentResolver[] resolvers = new ArgumentResolver[types.length];
        boolean payloadTaken = false;
        Class<? extends Throwable> handledFailure = Throwable.class;
        for (int i = 0; i < types.length; i++) {
            MethodParameter parameter = new MethodParameter(method, i);
            parameter.initParameterNameDiscovery(parameterNames);
            Class<?> type = types[i];
            PathParam pathParam = parameter.getParameterAnnotation(PathParam.class);
            if (pathParam != null) {
                resolvers[i] = pathParam(pathParam, parameter, description, path, pathVariables, pathParamCheck);
            } else if (type == WsSession.class) {
                resolvers[i] = Invocation::session;
            } else if (type == HandshakeRequest.class) {
                resolvers[i] = invocation -> invocation.session().handshake();
            } else if (Principal.class.isAssignableFrom(type)) {
                resolvers[i] = principal(type.asSubclass(Principal.class));
            } else if (role == Role.CLOSE && type == CloseStatus.class) {
                resolvers[i] = Invocation::closeStatus;
            } else if (role == Role.ERROR && Throwable.class.isAssignableFrom(type)
                    && handledFailure == Throwable.class) {
                handledFailure = type.asSubclass(Throwable.class); // it is told only of failures of this type
                resolvers[i] = Invocation::failure;
            } else if ((role == Role.TEXT || role == Role.BINARY) && !payloadTaken) {
                resolvers[i] = payload(role, parameter, description);
                payloadTaken = true;
            } else {
                throw new WsEndpointDefinitionException(description + ": parameter " + (i + 1) + " ("
                        + type.getSimpleName() + ") of a " + role.annotationName() + " method is not supported",
                        "Use only parameters that " + role.annotationName() + " supports: " + supported(role)
                                + ". See the Javadoc of " + role.annotation.getName() + ".");
            }
        }
        if ((role == Role.TEXT || role == Role.BINARY) && !payloadTaken) {
            throw new WsEndpointDefinitionException(description + ": a " + role.annotationName()
                    + " method needs a parameter for the message",
                    "Add a parameter of type " + (role == Role.TEXT ? "String (or a type decoded from JSON)"
                            : "byte[] or ByteBuffer") + ".");
        }
        return new EndpointMethod(bean, invocable, resolvers, description, handledFailure, callScope,
                EndpointMethodKind.valueOf(role.name()));
    }

    /**
     * Who connected, as the handshake named them: the session's principal when it is of the
     * parameter's type (any {@link Principal}, or a subtype such as Spring Security's
     * {@code Authentication}), else null. No type of Spring Security is named here: a parameter of
     * one can only exist where Spring Security is on the classpath.
     */
    private static ArgumentResolver principal(Class<? extends Principal> type) {
        return invocation -> invocation.session().principal().filter(type::isInstance).orElse(null);
    }

    private static String supported(Role role) {
        return switch (role) {
            case OPEN -> "WsSession, HandshakeRequest, Principal (or a subtype), @PathParam";
            case TEXT -> "one String (or JSON-decoded object), WsSession, HandshakeRequest, Principal"
                    + " (or a subtype), @PathParam";
            case BINARY -> "one byte[] or ByteBuffer, WsSession, HandshakeRequest, Principal (or a subtype),"
                    + " @PathParam";
            case CLOSE -> "WsSession, CloseStatus, HandshakeRequest, Principal (or a subtype), @PathParam";
            case ERROR -> "WsSession, one Throwable (or a subtype: then only such failures reach it),"
                    + " HandshakeRequest, Principal (or a subtype), @PathParam";
        };
    }

    private void checkReturnType(Role role, Method method, String description) {
        Class<?> type = method.getReturnType();
        if (type == void.class) {
            return;
        }
        if (role == Role.CLOSE) {
            throw new WsEndpointDefinitionException(description + ": an @OnClose method cannot send anything back",
                    "Declare it void: the session is already closed when it runs.");
        }
        boolean plain = type == String.class || type == byte[].class || type == ByteBuffer.class
                || CompletionStage.class.isAssignableFrom(type) || type == Object.class;
        if (!plain && json == null) {
            throw noJson(description, "returns " + type.getSimpleName());
        }
    }

    private ArgumentResolver payload(Role role, MethodParameter parameter, String description) {
        Class<?> type = parameter.getParameterType();
        if (role == Role.BINARY) {
            if (type == ByteBuffer.class) {
                return Invocation::binary;
            }
            if (type == byte[].class) {
                return invocation -> bytes(invocation.binary());
            }
            throw new WsEndpointDefinitionException(description + ": a binary message arrives as byte[] or ByteBuffer, not "
                    + type.getSimpleName(), "Change the parameter's type to byte[] or ByteBuffer.");
        }
        if (type == String.class || type == CharSequence.class) {
            return Invocation::text;
        }
        if (json == null) {
            throw noJson(description, "takes " + type.getSimpleName());
        }
        java.lang.reflect.Type target = parameter.getGenericParameterType();
        return invocation -> {
            try {
                return json.decode(invocation.text(), target);
            } catch (RuntimeException e) {
                throw new WsMessageDecodingException(description + " could not decode a text message into "
                        + type.getSimpleName() + ": " + e.getMessage(), e);
            }
        };
    }

    /** The message's bytes, without a copy when the buffer covers its whole array (as the engine's do). */
    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer.hasArray() && buffer.arrayOffset() == 0 && buffer.position() == 0
                && buffer.remaining() == buffer.array().length) {
            return buffer.array();
        }
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }

    private ArgumentResolver pathParam(PathParam annotation, MethodParameter parameter, String description,
                                       String path, List<String> pathVariables, PathParamCheck pathParamCheck) {
        String name = annotation.value().isEmpty() ? parameter.getParameterName() : annotation.value();
        if (name == null) {
            throw new WsEndpointDefinitionException(description + ": @PathParam on parameter "
                    + (parameter.getParameterIndex() + 1) + " has no name",
                    "Write the variable's name, @PathParam(\"room\"), or compile with -parameters.");
        }
        if (!pathVariables.contains(name)) {
            throw new WsEndpointDefinitionException(description + ": @PathParam(\"" + name + "\"), but " + path
                    + " has no {" + name + "} variable", "Use one of " + pathVariables + " or change the path.");
        }
        TypeDescriptor target = new TypeDescriptor(parameter);
        TypeDescriptor source = TypeDescriptor.valueOf(String.class);
        if (!conversionService.canConvert(source, target)) {
            throw new WsEndpointDefinitionException(description + ": @PathParam(\"" + name + "\") cannot be converted to "
                    + parameter.getParameterType().getSimpleName(), "Use a type that Spring's ConversionService "
                    + "converts from String (String, numbers, enums, UUID, ...) or register a Converter.");
        }
        pathParamCheck.require(name, target);
        return invocation -> conversionService.convert(invocation.session().pathParams().get(name), source, target);
    }

    private static WsEndpointDefinitionException noJson(String description, String what) {
        return new WsEndpointDefinitionException(description + " " + what
                + ", which needs JSON, but no Jackson JsonMapper is available",
                "Add spring-boot-starter-jackson (Jackson 3) to the application, or use String, byte[] or ByteBuffer.");
    }

    static String describe(Method method) {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName() + "("
                + Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(", "))
                + ")";
    }
}
