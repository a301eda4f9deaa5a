package io.wsengine.sample;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rooms' history: in Redis when the nodes share one ({@code ws.cluster.redis.enabled=true}, as in
 * the cluster profile), in memory otherwise. Redis is only connected to when the history is there:
 * Spring Boot makes its connection factory in any case, but it connects on first use.
 */
@Configuration(proxyBeanMethods = false)
class ChatHistoryConfiguration {

    @Bean
    @ConditionalOnProperty(name = "ws.cluster.redis.enabled", havingValue = "true")
    ChatHistory redisChatHistory(StringRedisTemplate redis, JsonMapper json, ChatProperties properties) {
        return new RedisChatHistory(redis, json, properties.historySize(), properties.historyTtl());
    }

    @Bean
    @ConditionalOnProperty(name = "ws.cluster.redis.enabled", havingValue = "false", matchIfMissing = true)
    ChatHistory inMemoryChatHistory(ChatProperties properties) {
        return new InMemoryChatHistory(properties.historySize());
    }
}
