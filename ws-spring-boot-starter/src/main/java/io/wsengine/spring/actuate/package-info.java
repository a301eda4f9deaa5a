/**
 * Actuator for the WebSocket server: the {@code wsServer} health contributor (running, listening,
 * every event loop alive and on time) and the {@code websockets} endpoint (endpoints with their
 * session counts, one endpoint's sessions, closing a session). Loaded only with Actuator on the
 * classpath.
 */
package io.wsengine.spring.actuate;
