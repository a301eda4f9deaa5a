package io.wsengine.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketServerCompressionHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * Netty 4.2 with {@link WebSocketServerProtocolHandler}: {@code /echo} writes every frame back
 * (written in {@code channelRead}, flushed once per read batch in {@code channelReadComplete}, the
 * usual Netty idiom), {@code /broadcast} writes every text frame to a {@link ChannelGroup}. Epoll when
 * available (Linux), else NIO; Netty's default number of event loops (2 x cores). With a PKCS12 key
 * store, an {@link io.netty.handler.ssl.SslHandler} first in every pipeline on the JDK's provider
 * (the engine's TLS is the JDK's too), TLS 1.3 and 1.2 and the JDK's cipher suites, as the engine
 * enables them: {@code wss://} only.
 *
 * <p>With {@code --deflate true}, permessage-deflate (RFC 7692) through Netty's own extension handler,
 * before the protocol handler as Netty's examples put it: {@link WebSocketServerExtensionHandler} with
 * the {@link PerMessageDeflateServerExtensionHandshaker} that {@link WebSocketServerCompressionHandler}
 * uses, at the same level (6) and window (15), except that it honours {@code server_no_context_takeover}.
 * The stock {@code WebSocketServerCompressionHandler} declines every offer that carries that parameter
 * (its handshaker's {@code allowServerNoContext} is false), which is the offer the engine's default asks
 * for and the generator's {@code no-context-takeover} makes. {@code --deflate stock} uses the stock
 * handler as it is. Netty compresses every message, whatever its size, and keeps contexts as the
 * client's offer allows.
 *
 * <pre>java -cp benchmarks.jar io.wsengine.bench.NettyEchoServer --port 9001 [--transport auto|epoll|nio] [--threads N]
 *     [--tls-keystore FILE.p12 --tls-password PASSWORD] [--deflate true|stock]</pre>
 */
public final class NettyEchoServer {
    static final String USAGE = "NettyEchoServer --port N [--transport auto|epoll|nio] [--threads N (0: Netty's default)]"
            + " [--tls-keystore FILE.p12 --tls-password PASSWORD] [--deflate false|true|stock]";
    private static final int LARGE_MESSAGE_LIMIT = 16 << 20;
    private static final AttributeKey<Boolean> BROADCAST = AttributeKey.valueOf("wsbench.broadcast");

    private NettyEchoServer() {
    }

    public static void main(String[] args) throws InterruptedException, SSLException {
        ServerArgs a = ServerArgs.parse(args, USAGE);
        SslContext ssl = sslContext(a);
        String transport = a.option("transport", "auto");
        boolean epoll = switch (transport) {
            case "auto" -> Epoll.isAvailable();
            case "epoll" -> {
                Epoll.ensureAvailability();
                yield true;
            }
            case "nio" -> false;
            default -> {
                ServerArgs.fail("--transport must be auto, epoll or nio", USAGE);
                yield false;
            }
        };
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, io);
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(a.intOption("threads", 0), io);
        ChannelGroup broadcastGroup = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        WebSocketHandler handler = new WebSocketHandler(broadcastGroup);
        String deflate = a.option("deflate", "false");
        if (!List.of("false", "true", "stock").contains(deflate)) {
            ServerArgs.fail("--deflate must be false, true or stock", USAGE);
        }
        WebSocketServerProtocolConfig wsConfig = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/")
                .checkStartsWith(true)
                // RSV1 passes the decoder only when an extension may have set it
                .decoderConfig(WebSocketDecoderConfig.newBuilder().maxFramePayloadLength(1 << 20)
                        .allowExtensions(!deflate.equals("false")).build())
                .build();
        try {
            Channel server = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(channelType)
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            if (ssl != null) {
                                ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
                            }
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8192));
                            if (!deflate.equals("false")) {
                                ch.pipeline().addLast(compressionHandler(deflate.equals("stock")));
                            }
                            ch.pipeline().addLast(new WebSocketServerProtocolHandler(wsConfig), handler);
                        }
                    })
                    .bind("127.0.0.1", a.port).sync().channel();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close().awaitUninterruptibly();
                boss.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly();
                workers.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly();
            }));
            ServerArgs.ready("Netty (" + (epoll ? "epoll" : "nio") + (ssl != null ? ", wss" : "")
                            + (deflate.equals("false") ? "" : ", permessage-deflate " + deflate) + ")", a.port,
                    "/echo, /broadcast, /large");
            server.closeFuture().sync();
        } finally {
            boss.shutdownGracefully();
            workers.shutdownGracefully();
        }
    }

    /** One per channel: the handler keeps the channel's negotiation state. */
    private static WebSocketServerExtensionHandler compressionHandler(boolean stock) {
        if (stock) {
            return new WebSocketServerCompressionHandler();
        }
        // level 6, no server window below 15 (the JDK's zlib), client window 15, allowServerNoContext, no
        // preferred client_no_context_takeover: the stock handshaker's settings but for the fourth
        return new WebSocketServerExtensionHandler(new PerMessageDeflateServerExtensionHandshaker(6, false, 15, true, false));
    }

    /**
     * The server's TLS from {@code --tls-keystore} and {@code --tls-password}; null without them. The
     * cipher suites are the JDK's defaults, in the JDK's order, as the engine's are: Netty's own list
     * puts TLS_AES_128_GCM_SHA256 first where the JDK puts TLS_AES_256_GCM_SHA384, and a comparison
     * of the two servers would then partly compare AES-128 with AES-256.
     */
    static SslContext sslContext(ServerArgs a) throws SSLException {
        String keyStore = a.option(BenchKeyStore.KEYSTORE_OPTION, null);
        if (keyStore == null) {
            return null;
        }
        Path path = Path.of(keyStore);
        String password = a.option(BenchKeyStore.PASSWORD_OPTION, "");
        List<String> jdkSuites = List.of(BenchKeyStore.serverContext(path, password).getDefaultSSLParameters().getCipherSuites());
        return SslContextBuilder.forServer(BenchKeyStore.keyManagers(path, password))
                .sslProvider(SslProvider.JDK)
                .protocols("TLSv1.3", "TLSv1.2")
                .ciphers(jdkSuites)
                .build();
    }

    /**
     * Echo on every path but {@code /broadcast}, which sends each text frame to the whole group; on
     * {@code /large} a {@link WebSocketFrameAggregator} first joins fragments into messages of up to
     * 16 MiB (workload F).
     */
    @ChannelHandler.Sharable
    static final class WebSocketHandler extends ChannelInboundHandlerAdapter {
        private final ChannelGroup broadcastGroup;

        WebSocketHandler(ChannelGroup broadcastGroup) {
            this.broadcastGroup = broadcastGroup;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete complete) {
                if (complete.requestUri().startsWith("/broadcast")) {
                    ctx.channel().attr(BROADCAST).set(Boolean.TRUE);
                    broadcastGroup.add(ctx.channel());
                } else if (complete.requestUri().startsWith("/large")) {
                    // Elsewhere fragments are echoed frame by frame; here they are joined into one message first.
                    ctx.pipeline().addBefore(ctx.name(), "aggregator", new WebSocketFrameAggregator(LARGE_MESSAGE_LIMIT));
                }
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof TextWebSocketFrame text && Boolean.TRUE.equals(ctx.channel().attr(BROADCAST).get())) {
                broadcastGroup.writeAndFlush(text); // duplicates it for every channel, then releases it
            } else if (msg instanceof WebSocketFrame) {
                ctx.write(msg);
            } else {
                ctx.fireChannelRead(msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        /** The benchmark resets idle connections when it is done with them: close quietly. */
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
