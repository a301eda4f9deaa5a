package io.wsengine.spring.support;

import io.wsengine.CloseStatus;
import io.wsengine.WsHandler;
import io.wsengine.WsSession;
import io.wsengine.spring.WsMessageDecodingException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The engine's {@link WsHandler} for one {@code @WsEndpoint} bean: calls its methods (on the
 * executor, one at a time per session, or straight on the event loop), sends back what they return,
 * and applies the error policy: {@code @OnError} first; without one, or when it throws, close with
 * {@code 1011} ({@code 1007} for an undecodable message, or what an {@link EndpointFailureStatus}
 * chooses, such as {@code 1008} for a denied call).
 */
final class EndpointHandler implements WsHandler {
    private static final Log LOG = LogFactory.getLog(EndpointHandler.class);

    private final String path;
    private final EndpointMethods methods;
    private final JsonCodec json;
    /** Null for event-loop dispatch. */
    private final SessionScheduler scheduler;
    private final int maxQueuedMessages;
    private final List<EndpointFailureStatus> failureStatuses;
    private final Map<WsSession, SessionDispatcher> dispatchers = new ConcurrentHashMap<>();
    private final PendingReplies pendingReplies = new PendingReplies();

    /** The endpoint's methods by role; any may be null. */
    record EndpointMethods(EndpointMethod open, EndpointMethod text, EndpointMethod binary, EndpointMethod close,
                           EndpointMethod error) {
    }

    /** @param failureStatuses asked in order for the close status of a failure that no @OnError took */
    EndpointHandler(String path, EndpointMethods methods, JsonCodec json, SessionScheduler scheduler,
                    int maxQueuedMessages, List<EndpointFailureStatus> failureStatuses) {
        this.path = path;
        this.methods = methods;
        this.json = json;
        this.scheduler = scheduler;
        this.maxQueuedMessages = maxQueuedMessages;
        this.failureStatuses = failureStatuses;
    }

    @Override
    public void onOpen(WsSession session) {
        if (scheduler != null) {
            dispatchers.put(session, new SessionDispatcher(scheduler, session, maxQueuedMessages));
        }
        if (methods.open() != null) {
            dispatch(session, () -> call(methods.open(), Invocation.open(session)));
        }
    }

    @Override
    public void onText(WsSession session, String text) {
        if (methods.text() == null) {
            session.close(CloseStatus.UNSUPPORTED_DATA.withReason("text messages are not accepted"));
            return;
        }
        dispatchCall(session, methods.text(), Invocation.text(session, text));
    }

    @Override
    public void onBinary(WsSession session, ByteBuffer data) {
        if (methods.binary() == null) {
            session.close(CloseStatus.UNSUPPORTED_DATA.withReason("binary messages are not accepted"));
            return;
        }
        dispatchCall(session, methods.binary(), Invocation.binary(session, data));
    }

    /**
     * The close frame waits until the calls already dispatched have run, and the stages they returned
     * have completed: every reply to a message before the close is queued by then.
     */
    @Override
    public CompletionStage<?> onClosing(WsSession session) {
        SessionDispatcher dispatcher = scheduler == null ? null : dispatchers.get(session);
        if (dispatcher == null) {
            return pendingReplies.whenNoneOutstanding(session); // calls on the loop have all returned
        }
        return dispatcher.whenIdle().thenCompose(idle -> {
            CompletionStage<Void> replies = pendingReplies.whenNoneOutstanding(session);
            return replies != null ? replies : CompletableFuture.completedFuture(null);
        });
    }

    @Override
    public void onClose(WsSession session, CloseStatus status) {
        dispatch(session, () -> {
            if (methods.close() != null) {
                call(methods.close(), Invocation.close(session, status));
            }
            dispatchers.remove(session);
            pendingReplies.forget(session); // a stage that never completes keeps nothing of the session
        });
    }

    @Override
    public void onError(WsSession session, Throwable failure) {
        fail(session, failure, null); // not reached from endpoint methods: their failures are handled in call()
    }

    /** A message's call: with event-loop dispatch made right here, with no task object per message. */
    private void dispatchCall(WsSession session, EndpointMethod method, Invocation invocation) {
        if (scheduler == null) {
            call(method, invocation);
        } else {
            dispatch(session, () -> call(method, invocation));
        }
    }

    private void dispatch(WsSession session, Runnable call) {
        SessionDispatcher dispatcher = scheduler == null ? null : dispatchers.get(session);
        if (dispatcher == null) {
            call.run();
        } else {
            dispatcher.dispatch(call);
        }
    }

    private void call(EndpointMethod method, Invocation invocation) {
        Object result;
        try {
            result = method.invoke(invocation);
        } catch (Throwable failure) {
            fail(invocation.session(), failure, method);
            return;
        }
        reply(invocation.session(), result, method);
    }

    /** Sends what a method returned: String as text, bytes as binary, a stage once complete, else JSON. */
    private void reply(WsSession session, Object result, EndpointMethod method) {
        if (result == null) {
            return;
        }
        try {
            if (result instanceof CompletionStage<?> stage) {
                pendingReplies.started(session);
                stage.whenComplete((value, failure) -> {
                    try {
                        if (failure != null) {
                            fail(session, failure instanceof CompletionException && failure.getCause() != null
                                    ? failure.getCause() : failure, method);
                        } else {
                            reply(session, value, method);
                        }
                    } finally {
                        pendingReplies.finished(session);
                    }
                });
            } else if (result instanceof CharSequence text) {
                session.sendText(text);
            } else if (result instanceof byte[] bytes) {
                session.sendBinary(bytes);
            } else if (result instanceof ByteBuffer buffer) {
                session.sendBinary(buffer);
            } else if (json == null) {
                throw new IllegalStateException(method + " returned a " + result.getClass().getSimpleName()
                        + ", which needs JSON, but no Jackson JsonMapper is available");
            } else {
                session.sendText(json.encode(result));
            }
        } catch (RuntimeException e) {
            fail(session, e, method);
        }
    }

    private void fail(WsSession session, Throwable failure, EndpointMethod failed) {
        EndpointMethod onError = methods.error();
        if (onError != null && failed != onError && onError.handles(failure)) {
            Object result;
            try {
                result = onError.invoke(Invocation.error(session, failure));
            } catch (Throwable t) {
                t.addSuppressed(failure);
                LOG.error("WebSocket endpoint " + path + ": " + onError + " threw; closing session " + session.id(), t);
                session.close(CloseStatus.INTERNAL_ERROR);
                return;
            }
            reply(session, result, onError); // handled: the session stays open
            return;
        }
        if (failure instanceof WsMessageDecodingException undecodable) {
            LOG.debug("WebSocket endpoint " + path + ": " + failure.getMessage()); // the client's mistake
            session.close(CloseStatus.INVALID_PAYLOAD.withReason(undecodable.clientMessage()));
            return;
        }
        CloseStatus chosen = chosenStatus(failure);
        if (chosen != null) {
            // an outcome the application's policy foresaw (a denied call), not a server fault
            LOG.debug("WebSocket endpoint " + path + ": " + (failed == null ? "handler" : failed) + " failed ("
                    + failure + "); closing session " + session.id() + " with " + chosen.code());
            session.close(chosen);
        } else {
            LOG.warn("WebSocket endpoint " + path + ": " + (failed == null ? "handler" : failed)
                    + " failed; closing session " + session.id() + " with 1011", failure);
            session.close(CloseStatus.INTERNAL_ERROR);
        }
    }

    private CloseStatus chosenStatus(Throwable failure) {
        for (EndpointFailureStatus candidate : failureStatuses) {
            CloseStatus status = candidate.closeStatus(failure);
            if (status != null) {
                return status;
            }
        }
        return null;
    }
}
