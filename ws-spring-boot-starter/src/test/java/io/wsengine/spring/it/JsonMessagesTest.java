package io.wsengine.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.wsengine.spring.LocalWsServerPort;
import io.wsengine.spring.OnTextMessage;
import io.wsengine.spring.WsEndpoint;
import io.wsengine.spring.testing.TestClient;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON in and out with the application's own {@link JsonMapper}: this one writes snake_case names,
 * which Jackson's default would not, so every message shows whose mapper was used.
 */
@SpringBootTest(classes = JsonMessagesTest.App.class, properties = "ws.server.port=0")
class JsonMessagesTest {

    record Item(String itemName, int priceCents) {
    }

    record Total(int itemCount, int totalCents) {
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({ItemEndpoint.class, BasketEndpoint.class})
    static class App {
        @Bean
        JsonMapper snakeCaseJsonMapper() {
            return JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
        }
    }

    @WsEndpoint("/item")
    static class ItemEndpoint {
        @OnTextMessage
        Item doubled(Item item) {
            return new Item(item.itemName().toUpperCase(), item.priceCents() * 2);
        }
    }

    @WsEndpoint("/basket")
    static class BasketEndpoint {
        @OnTextMessage
        Total total(List<Item> items) {
            // Reading the elements as Item fails unless the list was decoded with its element type.
            return new Total(items.size(), items.stream().mapToInt(Item::priceCents).sum());
        }
    }

    @LocalWsServerPort
    int port;

    @Test
    void recordIsDecodedAndTheReplyEncodedWithTheApplicationsJsonMapper() {
        try (TestClient client = TestClient.connect(port, "/item")) {
            client.send("{\"item_name\":\"tea\",\"price_cents\":150}");
            assertThat(client.nextText()).isEqualTo("{\"item_name\":\"TEA\",\"price_cents\":300}");
        }
    }

    @Test
    void genericListParameterIsDecodedWithItsElementType() {
        try (TestClient client = TestClient.connect(port, "/basket")) {
            client.send("[{\"item_name\":\"tea\",\"price_cents\":150},{\"item_name\":\"cake\",\"price_cents\":300}]");
            assertThat(client.nextText()).isEqualTo("{\"item_count\":2,\"total_cents\":450}");
        }
    }
}
