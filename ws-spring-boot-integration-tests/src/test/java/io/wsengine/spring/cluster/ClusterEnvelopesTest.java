package io.wsengine.spring.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.wsengine.PreparedMessage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ClusterEnvelopesTest {

    @Test
    void anEnvelopeReadsBackAsTheSameMessage() {
        PreparedMessage message = PreparedMessage.text("héllo wörld");
        ClusterMessage sent = new ClusterMessage("node-ü", new ClusterMessage.Target(ClusterMessage.Kind.GROUP, "room:ä"),
                42, message);

        ClusterMessage read = ClusterEnvelopes.decode(ClusterEnvelopes.encode(sent));

        assertThat(read.node()).isEqualTo("node-ü");
        assertThat(read.target()).isEqualTo(sent.target());
        assertThat(read.sequence()).isEqualTo(42);
        assertThat(read.message().frame()).isEqualTo(message.frame());
        assertThat(read.message().isText()).isTrue();
    }

    @Test
    void everyKindAndBinaryMessagesGoThrough() {
        for (ClusterMessage.Kind kind : ClusterMessage.Kind.values()) {
            ClusterMessage sent = new ClusterMessage("n", new ClusterMessage.Target(kind, "t"), 1,
                    PreparedMessage.binary(new byte[70_000]));
            ClusterMessage read = ClusterEnvelopes.decode(ClusterEnvelopes.encode(sent));
            assertThat(read.target().kind()).isEqualTo(kind);
            assertThat(read.message().isText()).isFalse();
            assertThat(read.message().size()).isEqualTo(sent.message().size());
        }
    }

    @Test
    void bytesThatAreNoEnvelopeOfThisVersionAreRefused() {
        byte[] good = ClusterEnvelopes.encode(new ClusterMessage("n", new ClusterMessage.Target(ClusterMessage.Kind.USER, "ada"),
                1, PreparedMessage.text("x")));
        byte[] otherVersion = good.clone();
        otherVersion[0] = 9;
        byte[] badKind = good.clone();
        badKind[1] = 7;
        byte[] hugeLength = good.clone();
        hugeLength[10] = 0x7F;
        assertThatIllegalArgumentException().isThrownBy(() -> ClusterEnvelopes.decode(otherVersion)).withMessageContaining("version");
        assertThatIllegalArgumentException().isThrownBy(() -> ClusterEnvelopes.decode(badKind)).withMessageContaining("kind");
        assertThatIllegalArgumentException().isThrownBy(() -> ClusterEnvelopes.decode(hugeLength)).withMessageContaining("length");
        assertThatIllegalArgumentException().isThrownBy(() -> ClusterEnvelopes.decode(Arrays.copyOf(good, 5)));
        assertThatIllegalArgumentException().isThrownBy(() -> ClusterEnvelopes.decode(Arrays.copyOf(good, good.length - 1)));
        assertThatIllegalArgumentException().isThrownBy(() -> ClusterEnvelopes.decode("PUBLISH from another app".getBytes()));
    }
}
