package io.wsengine.spring;

import io.wsengine.CompressionConfig;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * permessage-deflate (RFC 7692) of the WebSocket server, under {@code ws.server.compression}: whether
 * a client's offer is accepted, and what compression may cost.
 *
 * @param enabled         Whether the server accepts a client's permessage-deflate offer (every browser makes one).
 * @param minMessageSize  The smallest message the server compresses; smaller ones go uncompressed, as deflate
 *                        costs more than it saves on them. 0 B to 2 GB.
 * @param level           The deflate level of what the server sends, 1 (fastest) to 9 (smallest).
 * @param contextTakeover Whether compression contexts outlive a message: none (the default: the server asks for
 *                        server_no_context_takeover and client_no_context_takeover, a worse ratio on small similar
 *                        messages and no zlib memory held between messages) or allowed (the best ratio, and about
 *                        300 KB of native zlib memory held by every compressed connection).
 */
@ConfigurationProperties(WsCompressionProperties.PREFIX)
public record WsCompressionProperties(@DefaultValue("true") boolean enabled,
                                      @DefaultValue("256B") DataSize minMessageSize, @DefaultValue("6") int level,
                                      @DefaultValue("none") CompressionConfig.ContextTakeover contextTakeover) {
    /** The prefix of these properties: {@value}. */
    public static final String PREFIX = "ws.server.compression";

    /**
     * Checks the values when the properties are bound, so that a bad one fails start-up naming its property.
     *
     * @param enabled         whether offers are accepted
     * @param minMessageSize  the smallest message compressed, 0 B to {@link Integer#MAX_VALUE} bytes
     * @param level           the deflate level, 1 to 9
     * @param contextTakeover whether contexts outlive a message
     * @throws IllegalArgumentException if a value is out of range or missing
     */
    public WsCompressionProperties {
        if (minMessageSize == null || minMessageSize.isNegative() || minMessageSize.toBytes() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(PREFIX + ".min-message-size must be 0B to " + Integer.MAX_VALUE
                    + "B, not " + minMessageSize);
        }
        if (level < 1 || level > 9) {
            throw new IllegalArgumentException(PREFIX + ".level must be 1 to 9, not " + level);
        }
        if (contextTakeover == null) {
            throw new IllegalArgumentException(PREFIX + ".context-takeover must be allowed or none");
        }
    }

    /** {@return the engine's settings these properties describe} */
    public CompressionConfig toConfig() {
        return CompressionConfig.builder()
                .enabled(enabled)
                .minMessageSize((int) minMessageSize.toBytes())
                .level(level)
                .contextTakeover(contextTakeover)
                .build();
    }
}
