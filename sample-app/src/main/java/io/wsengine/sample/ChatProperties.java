package io.wsengine.sample;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the chat, under {@code chat}.
 *
 * @param historySize      messages kept per room and replayed to who joins
 * @param maxMessageLength longest chat message, in characters
 * @param maxNicknameLength longest nickname, in characters
 * @param emptyRoomTtl     how long a room without members is kept (with its history) before it is dropped
 * @param pageSocket       which port the page's WebSocket goes to: web-port (the page's own origin) or
 *                         engine-port (ws.server.port)
 * @param publicWsPort     with page-socket=engine-port, the port browsers reach the engine on when a
 *                         proxy in front of it changes it
 * @param historyTtl       with the history in Redis (the cluster), how long a room's history is kept after its
 *                         last message; in memory, a room's history goes with the room (empty-room-ttl)
 */
@ConfigurationProperties("chat")
public record ChatProperties(@DefaultValue("50") int historySize, @DefaultValue("2000") int maxMessageLength,
                             @DefaultValue("32") int maxNicknameLength, @DefaultValue("5m") Duration emptyRoomTtl,
                             @DefaultValue("web-port") PageSocket pageSocket, Integer publicWsPort,
                             @DefaultValue("1d") Duration historyTtl) {
}
