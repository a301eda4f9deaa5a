package io.wsengine.spring.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The entries of the groups' sorted sets: node, session and name come back as they went, whatever they hold. */
class PresenceEntryTest {

    @Test
    void roundTripsNodeIdsAndNamesWithSeparatorsInThem() {
        PresenceEntry entry = new PresenceEntry("node:7:eu", "1f", "ada: the first: ünicode");
        assertThat(PresenceEntry.decode(entry.encode())).isEqualTo(entry);
        PresenceEntry empty = new PresenceEntry("n", "a", "");
        assertThat(PresenceEntry.decode(empty.encode())).isEqualTo(empty);
    }

    @Test
    void refusesWhatIsNotAnEntry() {
        for (String text : new String[] {"", "ada", "x:node:1:ada", "9:node:1:ada", "4:node1:ada", "4:node::ada",
                "0::1:ada"}) {
            assertThat(PresenceEntry.decode(text.getBytes(StandardCharsets.UTF_8))).as(text).isNull();
        }
    }
}
