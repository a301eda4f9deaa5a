package io.wsengine;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Set;

/**
 * One open session as its event loop saw it when a {@link ServerSnapshot} was taken: no message
 * contents and no attribute values, only what an operator needs to find it.
 *
 * @param id            the session's id
 * @param routePath     its route's path template
 * @param remoteAddress the peer's address
 * @param openedAt      when it opened
 * @param bytesIn       bytes read from the peer, the upgrade request and frame headers included
 * @param bytesOut      bytes written to the peer, the upgrade response and frame headers included
 * @param bufferedBytes bytes queued and not yet written
 * @param subprotocol   the chosen subprotocol; null when none
 * @param groups        the groups it is in
 */
public record SessionSnapshot(String id, String routePath, InetSocketAddress remoteAddress, Instant openedAt,
                              long bytesIn, long bytesOut, long bufferedBytes, String subprotocol, Set<String> groups) {
    /**
     * Copies the groups, so that a snapshot does not change.
     *
     * @param id            the session's id
     * @param routePath     its route's template
     * @param remoteAddress the peer's address
     * @param openedAt      when it opened
     * @param bytesIn       bytes read
     * @param bytesOut      bytes written
     * @param bufferedBytes bytes queued
     * @param subprotocol   the subprotocol, or null
     * @param groups        its groups
     */
    public SessionSnapshot {
        groups = Set.copyOf(groups);
    }
}
