package io.wsengine.spring.cluster.redis;

import java.nio.charset.StandardCharsets;

/**
 * One session's entry in a group's sorted set: {@code <length of node id>:<node id>:<session id>:<member>}.
 * The node id comes first, length-prefixed since it may hold any character, so that a node finds its
 * own entries; the session id (hexadecimal) keeps two sessions of one member apart; the member name,
 * last, may hold anything too.
 *
 * @param node    the owning node's id
 * @param session the session's id on that node
 * @param member  the name the session is present under
 */
record PresenceEntry(String node, String session, String member) {

    byte[] encode() {
        return (node.length() + ":" + node + ":" + session + ":" + member).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads an entry.
     *
     * @param bytes what the sorted set holds
     * @return the entry, or null when it is not one of ours (another version, another application)
     */
    static PresenceEntry decode(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        int colon = text.indexOf(':');
        if (colon < 1 || colon > 3) {
            return null; // node ids have at most 200 characters
        }
        int length;
        try {
            length = Integer.parseInt(text, 0, colon, 10);
        } catch (NumberFormatException e) {
            return null;
        }
        int nodeEnd = colon + 1 + length;
        if (length < 1 || nodeEnd >= text.length() || text.charAt(nodeEnd) != ':') {
            return null;
        }
        int sessionEnd = text.indexOf(':', nodeEnd + 1);
        if (sessionEnd <= nodeEnd + 1) {
            return null;
        }
        return new PresenceEntry(text.substring(colon + 1, nodeEnd), text.substring(nodeEnd + 1, sessionEnd),
                text.substring(sessionEnd + 1));
    }
}
