package io.wsengine.internal.deflate;

/**
 * One connection's permessage-deflate, as its agreement says: the inflater of what the client sends
 * and the deflater of what the server sends, each keeping its context between messages only where
 * the agreement lets that side take it over. Neither holds zlib memory until a message needs it, nor
 * between messages without takeover. Event loop only.
 */
public final class ConnectionDeflate {
    private final MessageInflater inflater;
    private final MessageDeflater deflater;

    /** The codec of this agreement, borrowing from this loop's pool where a context is not kept. */
    public ConnectionDeflate(DeflateParameters agreed, ZlibPool pool) {
        this.inflater = new MessageInflater(pool, !agreed.clientNoContextTakeover());
        this.deflater = new MessageDeflater(pool, !agreed.serverNoContextTakeover(), agreed.serverMaxWindowBits());
    }

    /** {@return the inflater of the client's compressed messages} */
    public MessageInflater inflater() {
        return inflater;
    }

    /** {@return the deflater of the server's compressed messages} */
    public MessageDeflater deflater() {
        return deflater;
    }

    /** Ends or gives back whatever zlib memory is held: the connection is gone. */
    public void release() {
        inflater.release();
        deflater.release();
    }
}
