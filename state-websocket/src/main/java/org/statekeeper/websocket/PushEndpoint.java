package org.statekeeper.websocket;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.security.Principal;
import java.util.Objects;

/**
 * The push endpoint, made by {@link PushConfigurator}. A server may use one instance for several
 * connections, and WildFly shares user properties between them, so each connection is found by its
 * session in the hub.
 */
public class PushEndpoint extends Endpoint {

    private final PushHub hub;

    PushEndpoint(PushHub hub) {
        this.hub = hub;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        Object grant = session.getUserProperties().get(PushConfigurator.GRANT);
        Principal user = session.getUserPrincipal();
        // The grant is made at this connection's handshake; one naming another caller means a server shared
        // handshake properties between connections, and nothing is sent rather than someone else's view.
        if (!(grant instanceof PushConfigurator.Grant g) || g.readable().none()
                || !Objects.equals(g.user(), user == null ? null : user.getName())) {
            close(session, CloseReason.CloseCodes.VIOLATED_POLICY, "statekeeper: nothing readable");
            return;
        }
        PushSettings settings = hub.settings();
        session.setMaxTextMessageBufferSize(settings.maxMessageBytes());
        session.getAsyncRemote().setSendTimeout(10_000);
        PushConnection opened = hub.open(session, new SessionOutbox(session), g.readable());
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) opened::receive);
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        hub.closed(session);
    }

    @Override
    public void onError(Session session, Throwable failure) {
        System.getLogger(PushEndpoint.class.getName()).log(System.Logger.Level.DEBUG, "push connection failed: {0}",
                failure.toString());
    }

    private static void close(Session session, CloseReason.CloseCode code, String reason) {
        try {
            session.close(new CloseReason(code, reason));
        } catch (IOException e) {
            // The peer is gone already.
        }
    }
}
