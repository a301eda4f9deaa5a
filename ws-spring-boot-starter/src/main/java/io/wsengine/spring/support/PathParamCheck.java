package io.wsengine.spring.support;

import io.wsengine.HandshakeInterceptor;
import io.wsengine.HandshakeRequest;
import io.wsengine.HandshakeResult;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.TypeDescriptor;

/**
 * Refuses an upgrade with {@code 400} when a path variable cannot be converted to a type that one of
 * the endpoint's {@code @PathParam} parameters asks for ({@code /items/abc} for a {@code long}): a
 * client's bad request, told before the session opens, not a server error after it.
 */
final class PathParamCheck implements HandshakeInterceptor {
    private static final Log LOG = LogFactory.getLog(PathParamCheck.class);
    private static final TypeDescriptor STRING = TypeDescriptor.valueOf(String.class);

    private final ConversionService conversionService;
    private final Map<String, Set<TypeDescriptor>> targets = new LinkedHashMap<>();

    PathParamCheck(ConversionService conversionService) {
        this.conversionService = conversionService;
    }

    /** A parameter converts the variable {@code name} to {@code target}. */
    void require(String name, TypeDescriptor target) {
        if (!target.getType().equals(String.class)) {
            targets.computeIfAbsent(name, key -> new LinkedHashSet<>()).add(target);
        }
    }

    boolean isEmpty() {
        return targets.isEmpty();
    }

    @Override
    public HandshakeResult beforeHandshake(HandshakeRequest request, Map<String, Object> attributes) {
        for (Map.Entry<String, Set<TypeDescriptor>> entry : targets.entrySet()) {
            String value = request.pathParams().get(entry.getKey());
            for (TypeDescriptor target : entry.getValue()) {
                try {
                    if (conversionService.convert(value, STRING, target) == null && target.isPrimitive()) {
                        return refuse(entry.getKey(), value, target);
                    }
                } catch (ConversionException | IllegalArgumentException e) {
                    return refuse(entry.getKey(), value, target);
                }
            }
        }
        return HandshakeResult.accept();
    }

    /**
     * The refusal says which variable and what kind of value it needs, in words, never the Java type:
     * what a server sends a client must not show its internals. The type goes to the log.
     */
    private static HandshakeResult refuse(String name, String value, TypeDescriptor target) {
        LOG.debug("path variable {" + name + "}: '" + value + "' does not convert to " + target);
        String shown = value.length() <= 64 ? value : value.substring(0, 64) + "...";
        return HandshakeResult.reject(400, "path variable {" + name + "}: '" + shown + "' is not "
                + kindOf(target.getObjectType()), Map.of());
    }

    private static String kindOf(Class<?> type) {
        if (type == Integer.class || type == Long.class || type == Short.class || type == Byte.class
                || type == BigInteger.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type == Boolean.class) {
            return "true or false";
        }
        if (type == UUID.class) {
            return "a UUID";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf)
                    .collect(Collectors.joining(", "));
        }
        return "a valid value here";
    }
}
