package io.wsengine.spring.cluster;

import io.wsengine.PreparedMessage;
import java.util.Objects;

/**
 * A message one node hands to the others through the {@link WsClusterBus}: who sent it, whom it is
 * for, and the frame, encoded once on the sending node.
 *
 * @param node     the sending node's id; a node never delivers its own messages again
 * @param target   whose sessions get it
 * @param sequence the sending node's count of its messages, from 1: it grows with every message, so
 *                 it grows for every target too, and shows a receiver their order
 * @param message  the encoded message
 * @param id       the group-wide id of a recovery group's message, its Redis stream entry's (such as
 *                 {@code 1733131200000-0}); null for other messages
 */
public record ClusterMessage(String node, Target target, long sequence, PreparedMessage message, String id) {
    /**
     * Checks that the parts a message cannot do without are there.
     *
     * @param node     the sending node's id
     * @param target   whose sessions get it
     * @param sequence the sending node's count of its messages
     * @param message  the encoded message
     * @param id       the recovery id, or null
     */
    public ClusterMessage {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(message, "message");
    }

    /**
     * A message without a recovery id.
     *
     * @param node     the sending node's id
     * @param target   whose sessions get it
     * @param sequence the sending node's count of its messages
     * @param message  the encoded message
     */
    public ClusterMessage(String node, Target target, long sequence, PreparedMessage message) {
        this(node, target, sequence, message, null);
    }

    /**
     * {@return this message with its recovery id}
     *
     * @param streamId the id Redis gave it
     */
    public ClusterMessage withId(String streamId) {
        return new ClusterMessage(node, target, sequence, message, streamId);
    }

    /** What kind of receivers a message is for. */
    public enum Kind {
        /** every open session of an endpoint, named by its path template */
        ENDPOINT,
        /** every member of a group ({@code WsSession.join}) */
        GROUP,
        /** every open session whose principal has this name */
        USER
    }

    /**
     * The receivers of a message.
     *
     * @param kind what the name names
     * @param name the endpoint's path template, the group's or the user's name
     */
    public record Target(Kind kind, String name) {
        /**
         * Checks that both parts are there.
         *
         * @param kind what the name names
         * @param name the endpoint's template, the group's or the user's name
         */
        public Target {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(name, "name");
        }
    }
}
