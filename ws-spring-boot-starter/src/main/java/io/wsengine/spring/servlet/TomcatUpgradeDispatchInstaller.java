package io.wsengine.spring.servlet;

import java.util.concurrent.Executor;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.LifecycleEvent;
import org.apache.catalina.LifecycleListener;
import org.apache.catalina.connector.Connector;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.coyote.ProtocolHandler;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;

/**
 * Puts a {@link TomcatUpgradeDispatch} in front of each connector's executor once the connector has
 * started (Tomcat makes its own pool then), and takes it away when the connector stops. A pool that
 * Tomcat made counts as external while it sits behind another executor, so Tomcat no longer ends
 * it: this ends it after the connector's stop, as Tomcat would have. An executor the application gave
 * (virtual threads, say) is the application's to end, and is only put back.
 */
final class TomcatUpgradeDispatchInstaller implements TomcatConnectorCustomizer {
    private static final Log LOG = LogFactory.getLog(TomcatUpgradeDispatchInstaller.class);

    @Override
    public void customize(Connector connector) {
        if (!TomcatUpgradeDispatch.available()) {
            LOG.debug("this Tomcat's socket processors cannot be read: upgraded connections are handed from"
                    + " Tomcat's threads to the engine's loops");
            return;
        }
        connector.addLifecycleListener(new Listener(connector));
    }

    private static final class Listener implements LifecycleListener {
        private final Connector connector;
        /** Whether the pool is Tomcat's own: no executor was given before the connector started. */
        private boolean tomcatsPool;

        Listener(Connector connector) {
            this.connector = connector;
        }

        @Override
        public void lifecycleEvent(LifecycleEvent event) {
            ProtocolHandler protocol = connector.getProtocolHandler();
            switch (event.getType()) {
                case Lifecycle.BEFORE_START_EVENT -> tomcatsPool = protocol.getExecutor() == null;
                case Lifecycle.AFTER_START_EVENT -> install(protocol);
                case Lifecycle.AFTER_STOP_EVENT -> uninstall(protocol);
                default -> {
                    // nothing to do
                }
            }
        }

        private void install(ProtocolHandler protocol) {
            Executor executor = protocol.getExecutor();
            if (executor != null && !(executor instanceof TomcatUpgradeDispatch)) {
                protocol.setExecutor(new TomcatUpgradeDispatch(executor));
            }
        }

        private void uninstall(ProtocolHandler protocol) {
            if (!(protocol.getExecutor() instanceof TomcatUpgradeDispatch dispatch)) {
                return;
            }
            if (tomcatsPool) {
                protocol.setExecutor(null); // the next start makes a pool of its own again
                if (dispatch.pool() instanceof ThreadPoolExecutor pool) {
                    pool.shutdownNow();
                }
            } else {
                protocol.setExecutor(dispatch.pool());
            }
        }
    }
}
