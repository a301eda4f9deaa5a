package io.wsengine;

import java.util.Objects;

/**
 * permessage-deflate (RFC 7692) for a {@link WsServer}: whether the server accepts a client's offer,
 * and what compression costs it. Built with {@link #builder()}; each setting is checked when it is
 * set, and an invalid one fails at once with an {@link IllegalArgumentException} naming it. Immutable.
 */
public final class CompressionConfig {
    /** Compression that is never negotiated: every connection stays uncompressed. */
    public static final CompressionConfig DISABLED = builder().enabled(false).build();

    /** Whether compression contexts outlive a message (RFC 7692 section 7.1.1). */
    public enum ContextTakeover {
        /**
         * Contexts are kept as the client allows: the best ratio on small similar messages, and zlib's
         * state (about 256 KiB to deflate and 40 KiB to inflate, natively) held by every compressed
         * connection, idle or not: gigabytes for 10,000 connections.
         */
        ALLOWED,
        /**
         * The server asks for {@code server_no_context_takeover} and {@code client_no_context_takeover}
         * (the default): a worse ratio on small similar messages, and no zlib memory held between
         * messages, as compressors are borrowed from the event loop per message.
         */
        NONE
    }

    private final boolean enabled;
    private final int minMessageSize;
    private final int level;
    private final ContextTakeover contextTakeover;

    private CompressionConfig(Builder b) {
        this.enabled = b.enabled;
        this.minMessageSize = b.minMessageSize;
        this.level = b.level;
        this.contextTakeover = b.contextTakeover;
    }

    /** {@return a builder with the defaults: enabled, 256 bytes, level 6, no context takeover} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return true when the server accepts a client's permessage-deflate offer} */
    public boolean enabled() { return enabled; }
    /** {@return the smallest message, in bytes before compression, that the server compresses} */
    public int minMessageSize() { return minMessageSize; }
    /** {@return the deflate level, 1 (fastest) to 9 (smallest)} */
    public int level() { return level; }
    /** {@return whether contexts outlive a message} */
    public ContextTakeover contextTakeover() { return contextTakeover; }

    /** Settings with their defaults. Not thread-safe. */
    public static final class Builder {
        private boolean enabled = true;
        private int minMessageSize = 256;
        private int level = 6;
        private ContextTakeover contextTakeover = ContextTakeover.NONE;

        private Builder() {
        }

        /**
         * Whether the server accepts permessage-deflate offers; on by default.
         *
         * @param enabled false to keep every connection uncompressed
         * @return this builder
         */
        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /**
         * The smallest message the server compresses; smaller ones go uncompressed (RSV1 clear), as
         * deflate's framing costs more than it saves on them. 256 bytes by default.
         *
         * @param bytes zero or more
         * @return this builder
         * @throws IllegalArgumentException if {@code bytes} is negative
         */
        public Builder minMessageSize(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("minMessageSize must be zero or more, was " + bytes);
            }
            this.minMessageSize = bytes;
            return this;
        }

        /**
         * The deflate level of what the server sends; 6 by default, as zlib's own.
         *
         * @param level 1 to 9
         * @return this builder
         * @throws IllegalArgumentException if {@code level} is outside 1 to 9
         */
        public Builder level(int level) {
            if (level < 1 || level > 9) {
                throw new IllegalArgumentException("level must be 1 to 9, was " + level);
            }
            this.level = level;
            return this;
        }

        /**
         * Whether compression contexts outlive a message; {@link ContextTakeover#NONE} by default, so
         * that an idle connection holds no zlib memory.
         *
         * @param policy the policy
         * @return this builder
         * @throws NullPointerException if {@code policy} is null
         */
        public Builder contextTakeover(ContextTakeover policy) {
            this.contextTakeover = Objects.requireNonNull(policy, "contextTakeover");
            return this;
        }

        /** {@return the settings} */
        public CompressionConfig build() {
            return new CompressionConfig(this);
        }
    }
}
