package io.wsengine.bench;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/** One connection of a {@link ClientWorker}: socket, TLS, handshake, frame parser and workload state. */
final class ClientConn {
    final int id;
    /** Where this connection goes: the run's URL, or for a broadcast receiver one of its receiver URLs. */
    java.net.URI url;
    SocketChannel channel;
    /** Null on a plain connection. */
    ClientTls.Connection tls;
    SelectionKey key;
    int state = ClientWorker.CONNECTING;
    int interest = -1;
    long deadline;
    boolean countedConnected;
    boolean dirty;
    boolean publisher;

    String wsKey;
    byte[] handshake;
    int handshakeLength;
    ByteBuffer out;

    /** permessage-deflate as agreed in the handshake; null when the connection is not compressed. */
    ClientDeflate deflate;
    /** The message being received came with RSV1: its frames' payloads are inflated. */
    boolean messageCompressed;

    final byte[] header = new byte[10];
    int headerLength;
    int headerNeeded = 2;
    boolean inPayload;
    long payloadRemaining;
    int frameOpcode;
    boolean frameFin;
    int messageOpcode;
    int messagePosition;
    final byte[] control = new byte[125];
    int controlLength;

    long sendSeq;
    long recvSeq;
    long[] sendTimes;
    byte[] expected;
    ByteBuffer expectedView;

    long nextSeq;
    byte[] message;

    ClientConn(int id) {
        this.id = id;
    }
}
