package io.wsengine.spring.support;

import io.wsengine.WsSession;
import java.util.List;

/** Joins the {@link EndpointCallScope} beans into the one scope an endpoint method enters. */
final class CallScopes {

    private CallScopes() {
    }

    /**
     * @return null when there is no scope (a call then costs nothing more), the scope itself when
     *         there is one, else one that enters them in order and exits them in reverse
     */
    static EndpointCallScope of(List<EndpointCallScope> scopes) {
        if (scopes.isEmpty()) {
            return null;
        }
        return scopes.size() == 1 ? scopes.get(0) : new Nested(scopes.toArray(EndpointCallScope[]::new));
    }

    private static final class Nested implements EndpointCallScope {
        private final EndpointCallScope[] scopes;

        Nested(EndpointCallScope[] scopes) {
            this.scopes = scopes;
        }

        @Override
        public Object enter(WsSession session) {
            return enter(session, null); // the starter always tells the kind; a kind-less call passes none on
        }

        @Override
        public void exit(Object saved) {
            exit(saved, null);
        }

        @Override
        public Object enter(WsSession session, EndpointMethodKind kind) {
            Object[] saved = new Object[scopes.length];
            int entered = 0;
            try {
                for (; entered < scopes.length; entered++) {
                    saved[entered] = scopes[entered].enter(session, kind);
                }
            } catch (RuntimeException | Error e) {
                exit(saved, entered, null); // those already entered are left as they were found
                throw e;
            }
            return saved;
        }

        @Override
        public void exit(Object saved, Throwable callFailure) {
            exit((Object[]) saved, scopes.length, callFailure);
        }

        /** Exits every entered scope, even past one that throws, so none is left entered. */
        private void exit(Object[] saved, int entered, Throwable callFailure) {
            Throwable failure = null;
            for (int i = entered - 1; i >= 0; i--) {
                try {
                    scopes[i].exit(saved[i], callFailure);
                } catch (RuntimeException | Error e) { // an Error too: the outer scopes must still be exited
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
        }
    }
}
