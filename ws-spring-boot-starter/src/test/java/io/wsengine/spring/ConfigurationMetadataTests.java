package io.wsengine.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.CompressionConfig;
import io.wsengine.OverflowPolicy;
import io.wsengine.TlsConfig;
import io.wsengine.spring.actuate.WsServerHealthProperties;
import io.wsengine.spring.metrics.WsMetricsProperties;
import io.wsengine.spring.metrics.WsObservationProperties;
import io.wsengine.spring.security.WsSecurityProperties;
import io.wsengine.spring.ssl.WsSslProperties;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The metadata that {@code spring-boot-configuration-processor} generates from {@link WsServerProperties},
 * {@link WsSslProperties}, {@link WsCompressionProperties} and the others under {@code ws.server}: what IDEs
 * show for {@code ws.server.*}.
 */
class ConfigurationMetadataTests {
    private static final String LOCATION = "META-INF/spring-configuration-metadata.json";

    private static Map<String, JsonNode> properties;
    private static Map<String, JsonNode> hints;

    @BeforeAll
    static void readMetadata() throws Exception {
        try (InputStream in = ConfigurationMetadataTests.class.getClassLoader().getResourceAsStream(LOCATION)) {
            assertThat(in).as(LOCATION + " on the classpath").isNotNull();
            JsonNode root = JsonMapper.builder().build().readTree(in);
            properties = new LinkedHashMap<>();
            hints = new LinkedHashMap<>();
            for (JsonNode hint : root.path("hints")) {
                hints.put(hint.get("name").asString(), hint);
            }
            for (JsonNode property : root.get("properties")) {
                String name = property.get("name").asString();
                if (name.startsWith("ws.server.")) {
                    properties.put(name, property);
                }
            }
        }
    }

    /**
     * Every writable property of WsServerProperties and every component of WsSslProperties,
     * WsCompressionProperties and WsSecurityProperties (its ticket record's components included), and of WsMetricsProperties,
     * WsObservationProperties and WsServerHealthProperties, as its key.
     */
    private static Set<String> bindableKeys() {
        Stream<String> server = Arrays.stream(BeanUtils.getPropertyDescriptors(WsServerProperties.class))
                .filter(descriptor -> descriptor.getWriteMethod() != null)
                .map(descriptor -> "ws.server." + kebab(descriptor.getName()));
        Stream<String> ssl = Arrays.stream(WsSslProperties.class.getRecordComponents())
                .map(component -> WsSslProperties.PREFIX + "." + kebab(component.getName()));
        Stream<String> compression = Arrays.stream(WsCompressionProperties.class.getRecordComponents())
                .map(component -> WsCompressionProperties.PREFIX + "." + kebab(component.getName()));
        Stream<String> security = Arrays.stream(WsSecurityProperties.class.getRecordComponents())
                .filter(component -> component.getType() != WsSecurityProperties.Ticket.class)
                .map(component -> WsSecurityProperties.PREFIX + "." + kebab(component.getName()));
        Stream<String> ticket = Arrays.stream(WsSecurityProperties.Ticket.class.getRecordComponents())
                .map(component -> WsSecurityProperties.PREFIX + ".ticket." + kebab(component.getName()));
        Stream<String> metrics = Arrays.stream(BeanUtils.getPropertyDescriptors(WsMetricsProperties.class))
                .filter(descriptor -> descriptor.getWriteMethod() != null)
                .map(descriptor -> WsMetricsProperties.PREFIX + "." + kebab(descriptor.getName()));
        Stream<String> observations = Arrays.stream(BeanUtils.getPropertyDescriptors(WsObservationProperties.class))
                .filter(descriptor -> descriptor.getWriteMethod() != null)
                .map(descriptor -> WsObservationProperties.PREFIX + "." + kebab(descriptor.getName()));
        Stream<String> health = Arrays.stream(BeanUtils.getPropertyDescriptors(WsServerHealthProperties.class))
                .filter(descriptor -> descriptor.getWriteMethod() != null)
                .map(descriptor -> WsServerHealthProperties.PREFIX + "." + kebab(descriptor.getName()));
        return Stream.of(server, ssl, compression, security, ticket, metrics, observations, health).flatMap(keys -> keys)
                .collect(Collectors.toSet());
    }

    private static String kebab(String name) {
        return name.replaceAll("([A-Z])", "-$1").toLowerCase();
    }

    @Test
    void documentsEveryBindableProperty() {
        assertThat(bindableKeys()).hasSize(40).contains("ws.server.compression.enabled",
                "ws.server.compression.min-message-size", "ws.server.compression.level",
                "ws.server.compression.context-takeover", "ws.server.health.max-loop-lag", "ws.server.observations.messages", "ws.server.observations.handshakes", "ws.server.metrics.time-messages", "ws.server.ssl.bundle", "ws.server.ssl.client-auth",
                "ws.server.ssl.max-handshakes-per-loop", "ws.server.ssl.handshake-threads",
                "ws.server.security.enabled", "ws.server.security.ticket.time-to-live");
        assertThat(properties.keySet()).containsExactlyInAnyOrderElementsOf(bindableKeys());
    }

    @Test
    void everyPropertyHasADescription() {
        assertThat(properties.values()).allSatisfy(property ->
                assertThat(property.path("description").asString("")).as(property.get("name").asString())
                        .isNotBlank());
    }

    /** Spring Boot puts field Javadoc into the metadata unprocessed: {@code ...} shows up literally in IDEs. */
    @Test
    void descriptionsArePlainText() {
        assertThat(properties.values()).allSatisfy(property ->
                assertThat(property.path("description").asString("")).as(property.get("name").asString())
                        .doesNotContain("{@"));
    }

    @Test
    void documentsTheDefaults() {
        assertThat(defaultOf("ws.server.port")).isEqualTo("8090");
        assertThat(defaultOf("ws.server.max-message-size")).isEqualTo("1MB");
        assertThat(defaultOf("ws.server.handshake-timeout")).isEqualTo("10s");
        assertThat(defaultOf("ws.server.dispatch")).isEqualTo("executor");
        assertThat(defaultOf("ws.server.enabled")).isEqualTo("true");
        assertThat(defaultOf("ws.server.max-outbound-buffer")).isEqualTo("4MB");
        assertThat(defaultOf("ws.server.max-queued-messages")).isEqualTo("256");
        assertThat(defaultOf("ws.server.overflow-policy")).isEqualTo("close");
        assertThat(defaultOf("ws.server.ssl.client-auth")).isEqualTo("none");
        assertThat(defaultOf("ws.server.ssl.max-handshakes-per-loop")).isEqualTo("16");
        assertThat(defaultOf("ws.server.security.enabled")).isEqualTo("true");
        assertThat(defaultOf("ws.server.security.authentication-threads")).isEqualTo("2");
        assertThat(defaultOf("ws.server.security.max-queued-authentications")).isEqualTo("1000");
        assertThat(defaultOf("ws.server.security.ticket.time-to-live")).isEqualTo("30s");
        assertThat(defaultOf("ws.server.security.ticket.max-outstanding")).isEqualTo("10000");
        assertThat(defaultOf("ws.server.security.ticket.path")).isEqualTo("/ws-ticket");
        assertThat(defaultOf("ws.server.compression.enabled")).isEqualTo("true");
        assertThat(defaultOf("ws.server.compression.min-message-size")).isEqualTo("256B");
        assertThat(defaultOf("ws.server.compression.level")).isEqualTo("6");
        assertThat(defaultOf("ws.server.compression.context-takeover")).isEqualTo("none");
        assertThat(properties.get("ws.server.ssl.bundle").has("defaultValue")).as("ws.server.ssl.bundle default")
                .isFalse();
    }

    @Test
    void documentsTheTypes() {
        assertThat(properties.get("ws.server.max-message-size").get("type").asString())
                .isEqualTo("org.springframework.util.unit.DataSize");
        assertThat(properties.get("ws.server.handshake-timeout").get("type").asString()).isEqualTo("java.time.Duration");
        assertThat(properties.get("ws.server.dispatch").get("type").asString())
                .isEqualTo(WsServerProperties.Dispatch.class.getName());
    }

    private static String defaultOf(String name) {
        JsonNode property = properties.get(name);
        assertThat(property).as(name).isNotNull();
        JsonNode value = property.get("defaultValue");
        assertThat(value).as(name + " defaultValue").isNotNull();
        return value.asString();
    }

    /** IDEs offer the values of enumerated properties, each with what it does, and each binds. */
    @Test
    void hintsTheValuesOfEnumeratedProperties() {
        assertThat(hintValues("ws.server.dispatch")).containsExactly("executor", "event-loop")
                .allSatisfy(value -> assertBinds("ws.server.dispatch", value, WsServerProperties.Dispatch.class));
        assertThat(hintValues("ws.server.overflow-policy")).containsExactly("close", "drop", "pause-reading")
                .allSatisfy(value -> assertBinds("ws.server.overflow-policy", value, OverflowPolicy.class));
        assertThat(hintValues("ws.server.ssl.client-auth")).containsExactly("none", "want", "need")
                .allSatisfy(value -> assertBinds("ws.server.ssl.client-auth", value, TlsConfig.ClientAuth.class));
        assertThat(hintValues("ws.server.compression.context-takeover")).containsExactly("allowed", "none")
                .allSatisfy(value -> assertBinds("ws.server.compression.context-takeover", value,
                        CompressionConfig.ContextTakeover.class));
        assertThat(hints.values()).allSatisfy(hint -> assertThat(hint.get("values")).allSatisfy(value ->
                assertThat(value.path("description").asString("")).isNotBlank()));
    }

    private static List<String> hintValues(String property) {
        assertThat(hints).containsKey(property);
        List<String> values = new ArrayList<>();
        for (JsonNode value : hints.get(property).get("values")) {
            values.add(value.get("value").asString());
        }
        return values;
    }

    /** A hinted value binds to the property's enum, so a renamed constant cannot leave a stale hint. */
    private static void assertBinds(String property, String value, Class<? extends Enum<?>> type) {
        Binder binder = new Binder(new MapConfigurationPropertySource(Map.of(property, value)));
        assertThat(binder.bind(property, type).isBound()).as("%s=%s", property, value).isTrue();
    }
}
