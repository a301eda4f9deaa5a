package io.wsengine;

/**
 * The whole messages and their payload bytes that one route's sessions received and sent, by type,
 * since the server started: what {@link WsServer#messageCounts(String)} reads. Sent means accepted
 * by a send and queued; a message dropped or refused for the outbound limit is not counted.
 *
 * @param textMessagesReceived   text messages received
 * @param textBytesReceived      their payload bytes, as UTF-8
 * @param binaryMessagesReceived binary messages received
 * @param binaryBytesReceived    their payload bytes
 * @param textMessagesSent       text messages sent
 * @param textBytesSent          their payload bytes, as UTF-8
 * @param binaryMessagesSent     binary messages sent
 * @param binaryBytesSent        their payload bytes
 */
public record MessageCounts(long textMessagesReceived, long textBytesReceived, long binaryMessagesReceived,
        long binaryBytesReceived, long textMessagesSent, long textBytesSent, long binaryMessagesSent,
        long binaryBytesSent) {

    /** Nothing yet: the counts of a route before its first message, or of a server not started. */
    public static final MessageCounts NONE = new MessageCounts(0, 0, 0, 0, 0, 0, 0, 0);
}
