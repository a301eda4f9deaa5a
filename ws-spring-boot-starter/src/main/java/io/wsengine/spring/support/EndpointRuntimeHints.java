package io.wsengine.spring.support;

import io.wsengine.CloseStatus;
import io.wsengine.HandshakeRequest;
import io.wsengine.WsSession;
import io.wsengine.spring.PathParam;
import io.wsengine.spring.WsEndpoint;
import io.wsengine.spring.support.EndpointMethodFactory.Role;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * What an AOT-processed application (a native image) must keep for its {@code @WsEndpoint} beans: the
 * starter finds their methods and calls them by reflection, and reads and writes their JSON types
 * with Jackson. Registered in {@code META-INF/spring/aot.factories}, so Spring's AOT processing asks
 * it about every bean.
 */
final class EndpointRuntimeHints implements BeanRegistrationAotProcessor {
    /** Parameter and return types the starter handles itself, with no reflection on them. */
    private static final Set<Class<?>> NOT_JSON = Set.of(void.class, Void.class, String.class, CharSequence.class,
            byte[].class, ByteBuffer.class, WsSession.class, HandshakeRequest.class, CloseStatus.class);

    @Override
    public BeanRegistrationAotContribution processAheadOfTime(RegisteredBean bean) {
        Class<?> type = bean.getBeanClass();
        if (!AnnotatedElementUtils.hasAnnotation(type, WsEndpoint.class)) {
            return null;
        }
        return (generationContext, code) -> register(generationContext.getRuntimeHints(), type);
    }

    /** Registers the endpoint's methods for invocation and its JSON types for binding. */
    static void register(RuntimeHints hints, Class<?> endpointType) {
        Map<Method, Role> methods = MethodIntrospector.selectMethods(endpointType,
                (MethodIntrospector.MetadataLookup<Role>) method -> EndpointRegistry.role(method, endpointType));
        BindingReflectionHintsRegistrar bindings = new BindingReflectionHintsRegistrar();
        methods.forEach((method, role) -> {
            hints.reflection().registerMethod(method, ExecutableMode.INVOKE);
            if (role == Role.TEXT) {
                for (Parameter parameter : method.getParameters()) {
                    if (!parameter.isAnnotationPresent(PathParam.class) && isJson(parameter.getType())) {
                        bindings.registerReflectionHints(hints.reflection(), parameter.getParameterizedType());
                    }
                }
            }
            Type reply = replyType(method);
            if (isJson(ResolvableType.forType(reply).toClass())) {
                bindings.registerReflectionHints(hints.reflection(), reply);
            }
        });
    }

    /** What a method's reply is: its return type, or what its stage completes with, as declared. */
    private static Type replyType(Method method) {
        Type returned = method.getGenericReturnType();
        if (CompletionStage.class.isAssignableFrom(method.getReturnType())
                && returned instanceof ParameterizedType stage && stage.getActualTypeArguments().length == 1) {
            return stage.getActualTypeArguments()[0];
        }
        return returned;
    }

    private static boolean isJson(Class<?> type) {
        return !NOT_JSON.contains(type) && !type.isPrimitive() && !Throwable.class.isAssignableFrom(type)
                && type != Object.class;
    }
}
