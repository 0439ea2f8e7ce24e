package org.statekeeper.websocket;

import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.security.Principal;

/**
 * Makes each connection's endpoint with the hub, and fixes at the handshake what the connection may read:
 * the public prefixes and those of the roles of the handshake's user.
 */
final class PushConfigurator extends ServerEndpointConfig.Configurator {

    static final String GRANT = PushConfigurator.class.getName() + ".grant";

    /** What one handshake's user may read. */
    record Grant(String user, Readable readable) {
    }

    private final PushHub hub;
    private final PushSettings settings;

    PushConfigurator(PushHub hub, PushSettings settings) {
        this.hub = hub;
        this.settings = settings;
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        Principal user = request.getUserPrincipal();
        config.getUserProperties().put(GRANT,
                new Grant(user == null ? null : user.getName(), settings.readableBy(request::isUserInRole)));
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) {
        return endpointClass.cast(new PushEndpoint(hub));
    }
}
