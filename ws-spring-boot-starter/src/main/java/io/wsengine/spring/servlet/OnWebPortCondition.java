package io.wsengine.spring.servlet;

import io.wsengine.spring.WsServerProperties;
import io.wsengine.spring.WsServerProperties.ServeOn;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when {@code ws.server.serve-on} is {@code web-port} or {@code both}, bound with relaxed rules. */
class OnWebPortCondition extends SpringBootCondition {
    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        ServeOn serveOn = Binder.get(context.getEnvironment())
                .bind(WsServerProperties.PREFIX + ".serve-on", ServeOn.class).orElse(ServeOn.OWN_PORT);
        return serveOn == ServeOn.OWN_PORT
                ? ConditionOutcome.noMatch("ws.server.serve-on is own-port")
                : ConditionOutcome.match("ws.server.serve-on is " + serveOn);
    }
}
