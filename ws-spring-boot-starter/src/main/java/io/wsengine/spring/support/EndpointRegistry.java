package io.wsengine.spring.support;

import io.wsengine.HandshakeInterceptor;
import io.wsengine.WsRoute;
import io.wsengine.internal.routing.PathTemplate;
import io.wsengine.internal.routing.Router;
import io.wsengine.spring.WsEndpoint;
import io.wsengine.spring.WsEndpointDefinitionException;
import io.wsengine.spring.WsInterceptorFor;
import io.wsengine.spring.WsServerProperties;
import io.wsengine.spring.support.EndpointMethodFactory.Role;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.convert.ConversionService;

/**
 * Turns {@code @WsEndpoint} beans and interceptor beans into the engine's routes, checking every
 * definition: a bad one fails start-up with a {@link WsEndpointDefinitionException} that names the
 * class and method.
 */
public final class EndpointRegistry {
    private final EndpointMethodFactory methodFactory;
    private final ConversionService conversionService;
    private final JsonCodec json;
    /** Null for event-loop dispatch; one for all endpoints, so their sessions share the drainers. */
    private final SessionScheduler scheduler;
    private final int maxQueuedMessages;
    private final List<EndpointFailureStatus> failureStatuses;

    /**
     * A registry without call scopes or failure statuses.
     *
     * @param json     null when no JSON mapper is available
     * @param executor null for event-loop dispatch
     */
    public EndpointRegistry(ConversionService conversionService, JsonCodec json, Executor executor,
                            WsServerProperties properties) {
        this(conversionService, json, executor, properties, List.of(), List.of());
    }

    /**
     * @param json            null when no JSON mapper is available
     * @param executor        null for event-loop dispatch
     * @param callScopes      entered around every call of every endpoint method, in this order
     * @param failureStatuses asked in this order how to close a session whose failure no @OnError took
     */
    public EndpointRegistry(ConversionService conversionService, JsonCodec json, Executor executor,
                            WsServerProperties properties, List<EndpointCallScope> callScopes,
                            List<EndpointFailureStatus> failureStatuses) {
        this.methodFactory = new EndpointMethodFactory(conversionService, json, CallScopes.of(callScopes));
        this.conversionService = conversionService;
        this.json = json;
        this.scheduler = executor == null ? null : new SessionScheduler(executor);
        this.maxQueuedMessages = properties.getMaxQueuedMessages();
        this.failureStatuses = List.copyOf(failureStatuses);
    }

    /**
     * Builds one route per endpoint bean, with the interceptors that apply to it.
     *
     * @param endpoints    endpoint beans by bean name
     * @param interceptors interceptor beans, in order
     * @return the routes, and the interceptors for every route
     */
    public Routes routes(Map<String, Object> endpoints, List<HandshakeInterceptor> interceptors) {
        Map<String, String> owners = new LinkedHashMap<>();
        Router<String> router = new Router<>();
        Map<String, WsRoute.Builder> builders = new LinkedHashMap<>();
        endpoints.forEach((name, bean) -> {
            Class<?> type = AopUtils.getTargetClass(bean);
            WsEndpoint endpoint = AnnotatedElementUtils.findMergedAnnotation(type, WsEndpoint.class);
            String path = endpoint.path();
            String owner = type.getName();
            PathTemplate template = parse(path, owner);
            String previous = owners.putIfAbsent(path, owner);
            if (previous != null) {
                throw new WsEndpointDefinitionException("Two @WsEndpoint beans at " + path + ": " + previous + " and "
                        + owner, "Give each endpoint its own path.");
            }
            try {
                router.add(path, owner);
            } catch (IllegalArgumentException e) {
                throw new WsEndpointDefinitionException("@WsEndpoint " + owner + ": " + e.getMessage(),
                        "Give each endpoint a path that no other endpoint matches.");
            }
            PathParamCheck pathParamCheck = new PathParamCheck(conversionService);
            EndpointHandler handler = new EndpointHandler(path,
                    methods(bean, type, path, template.variableNames(), pathParamCheck), json, scheduler,
                    maxQueuedMessages, failureStatuses);
            WsRoute.Builder route = WsRoute.builder(path, handler);
            if (!pathParamCheck.isEmpty()) {
                route.interceptor(pathParamCheck);
            }
            try {
                route.subprotocols(endpoint.subprotocols());
            } catch (IllegalArgumentException e) {
                throw new WsEndpointDefinitionException("@WsEndpoint " + owner + ": " + e.getMessage(),
                        "List subprotocols as HTTP tokens (letters, digits and !#$%&'*+-.^_`|~), no two alike.");
            }
            if (endpoint.maxMessageSize() != -1) {
                try {
                    route.maxMessageSize(endpoint.maxMessageSize());
                } catch (IllegalArgumentException e) {
                    throw new WsEndpointDefinitionException("@WsEndpoint " + owner + ": " + e.getMessage(),
                            "Set maxMessageSize to a positive number of bytes, or leave it at -1 for the server's limit.");
                }
            }
            if (endpoint.overflowPolicy().policy() != null) {
                route.overflowPolicy(endpoint.overflowPolicy().policy());
            }
            if (!endpoint.pingInterval().isEmpty()) {
                route.pingInterval(duration(owner, "pingInterval", endpoint.pingInterval()));
            }
            if (!endpoint.pongTimeout().isEmpty()) {
                route.pongTimeout(duration(owner, "pongTimeout", endpoint.pongTimeout()));
            }
            route.compression(endpoint.compression());
            builders.put(path, route);
        });
        List<HandshakeInterceptor> global = new ArrayList<>();
        for (HandshakeInterceptor interceptor : interceptors) {
            WsInterceptorFor scope = AnnotationUtils.findAnnotation(AopUtils.getTargetClass(interceptor), WsInterceptorFor.class);
            if (scope == null) {
                global.add(interceptor);
                continue;
            }
            for (String path : scope.value()) {
                WsRoute.Builder route = builders.get(path);
                if (route == null) {
                    throw new WsEndpointDefinitionException("Interceptor " + AopUtils.getTargetClass(interceptor).getName()
                            + " names " + path + ", but no @WsEndpoint has that path",
                            "Name paths exactly as on the endpoints: " + builders.keySet());
                }
                route.interceptor(interceptor);
            }
        }
        List<WsRoute> routes = builders.values().stream().map(WsRoute.Builder::build).toList();
        return new Routes(routes, global);
    }

    /** Routes for the engine, and the interceptors that apply to all of them. */
    public record Routes(List<WsRoute> routes, List<HandshakeInterceptor> globalInterceptors) {
    }

    private static PathTemplate parse(String path, String owner) {
        if (path.isEmpty()) {
            throw new WsEndpointDefinitionException("@WsEndpoint " + owner + " has no path",
                    "Write the path, such as @WsEndpoint(\"/chat/{room}\").");
        }
        try {
            return PathTemplate.parse(path);
        } catch (IllegalArgumentException e) {
            throw new WsEndpointDefinitionException("@WsEndpoint " + owner + ": " + e.getMessage(),
                    "Use literal segments and whole-segment variables, such as /chat/{room}.");
        }
    }

    private EndpointHandler.EndpointMethods methods(Object bean, Class<?> type, String path, List<String> variables,
                                                    PathParamCheck pathParamCheck) {
        Map<Role, Method> found = new EnumMap<>(Role.class);
        Map<Method, Role> annotated = MethodIntrospector.selectMethods(type,
                (MethodIntrospector.MetadataLookup<Role>) method -> role(method, type));
        annotated.forEach((method, role) -> {
            Method other = found.putIfAbsent(role, method);
            if (other != null) {
                throw new WsEndpointDefinitionException("@WsEndpoint " + type.getName() + " has two " + role.annotationName()
                        + " methods: " + EndpointMethodFactory.describe(other) + " and "
                        + EndpointMethodFactory.describe(method), "Keep one " + role.annotationName() + " method.");
            }
        });
        if (found.isEmpty()) {
            throw new WsEndpointDefinitionException("@WsEndpoint " + type.getName() + " has no annotated methods",
                    "Add @OnOpen, @OnTextMessage, @OnBinaryMessage, @OnClose or @OnError methods.");
        }
        Map<Role, EndpointMethod> compiled = new EnumMap<>(Role.class);
        found.forEach((role, method) -> compiled.put(role, methodFactory.create(role, bean, method, path, variables,
                pathParamCheck)));
        return new EndpointHandler.EndpointMethods(compiled.get(Role.OPEN), compiled.get(Role.TEXT),
                compiled.get(Role.BINARY), compiled.get(Role.CLOSE), compiled.get(Role.ERROR));
    }

    static Role role(Method method, Class<?> type) {
        Role match = null;
        for (Role role : Role.values()) {
            if (AnnotatedElementUtils.hasAnnotation(method, role.annotation)) {
                if (match != null) {
                    throw new WsEndpointDefinitionException(type.getName() + "." + method.getName() + " is both "
                            + match.annotationName() + " and " + role.annotationName(), "Give each role its own method.");
                }
                match = role;
            }
        }
        return match;
    }

    /** An endpoint's duration attribute, in Spring Boot's notation ({@code 30s}, {@code PT30S}, {@code 500ms}). */
    private static Duration duration(String owner, String attribute, String value) {
        Duration parsed;
        try {
            parsed = DurationStyle.detectAndParse(value.strip());
        } catch (IllegalArgumentException e) {
            throw new WsEndpointDefinitionException("@WsEndpoint " + owner + ": " + attribute + " '" + value
                    + "' is not a duration", "Write it as 30s, 500ms, 2m or PT30S; 0 turns it off; leave it empty for the server's.");
        }
        if (parsed.isNegative()) {
            throw new WsEndpointDefinitionException("@WsEndpoint " + owner + ": " + attribute + " may not be negative, not "
                    + value, "Use 0 to turn it off, or a positive duration.");
        }
        return parsed;
    }
}
