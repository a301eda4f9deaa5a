package io.wsengine.bench.soak;

import java.util.List;
import java.util.SplittableRandom;

/**
 * One short connection life that a soak client plays again and again, and what it expects of the
 * server. Light ones cost a handshake and a few frames; heavy ones move megabytes.
 */
enum Scenario {
    CLEAN_ECHO(false, Scenarios::cleanEcho),
    RESET_AFTER_SEND(false, Scenarios::resetAfterSend),
    PING_FLOOD(false, Scenarios::pingFlood),
    RESET_MID_FRAME(false, Scenarios::resetMidFrame),
    GROUP_JOIN_LEAVE(false, Scenarios::groupJoinLeave),
    RESET_MID_HANDSHAKE(false, Scenarios::resetMidHandshake),
    OVERSIZED_DECLARED(false, Scenarios::oversizedDeclared),
    SLOW_READER_RESET(true, Scenarios::slowReaderReset),
    OVERSIZED_FRAGMENTED(true, Scenarios::oversizedFragmented),
    SLOW_READER_DRAINS(true, Scenarios::slowReaderDrains);

    /** The scenario's exchange; it throws when the server does not do what is expected. */
    interface Body {
        void run(ScenarioConnections connections, SplittableRandom random, ScenarioStats stats) throws Exception;
    }

    final boolean heavy;
    final Body body;

    Scenario(boolean heavy, Body body) {
        this.heavy = heavy;
        this.body = body;
    }

    /** The scenarios of one kind, in the order a client thread plays them round after round. */
    static List<Scenario> rotation(boolean heavy) {
        return java.util.Arrays.stream(values()).filter(s -> s.heavy == heavy).toList();
    }
}
