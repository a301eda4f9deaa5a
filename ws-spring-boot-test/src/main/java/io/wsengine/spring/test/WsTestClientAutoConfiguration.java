package io.wsengine.spring.test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import tools.jackson.databind.json.JsonMapper;

/** The {@link WsTestClient} of {@link AutoConfigureWsTestClient}, with the application's JSON mapper when it has one. */
@AutoConfiguration
public class WsTestClientAutoConfiguration {

    /** Created by {@link AutoConfigureWsTestClient}, not by tests. */
    public WsTestClientAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    WsTestClient wsTestClient(Environment environment, ObjectProvider<WsTestJson> json) {
        return new WsTestClient(environment, json.getIfAvailable());
    }

    /** The application's Jackson mapper as a {@link WsTestJson}, or null without Jackson 3 on the classpath. */
    static WsTestJson jackson(ApplicationContext context) {
        if (!ClassUtils.isPresent("tools.jackson.databind.json.JsonMapper", WsTestClientAutoConfiguration.class.getClassLoader())) {
            return null;
        }
        return JacksonJson.json(context.getBeanProvider(JsonMapper.class).getIfAvailable(JsonMapper::new));
    }

    /** Apart, so that an application without Jackson never loads its classes. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(JsonMapper.class)
    static class JacksonJson {
        @Bean
        @ConditionalOnMissingBean
        WsTestJson wsTestJson(ObjectProvider<JsonMapper> mapper) {
            return json(mapper.getIfAvailable(JsonMapper::new));
        }

        static WsTestJson json(JsonMapper chosen) {
            return new WsTestJson() {
                @Override
                public String write(Object value) {
                    return chosen.writeValueAsString(value);
                }

                @Override
                public <T> T read(String json, Class<T> type) {
                    return chosen.readValue(json, type);
                }
            };
        }
    }
}
