package org.statekeeper.websocket;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import jakarta.websocket.Session;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.statekeeper.KeyInfo;
import org.statekeeper.StateAudit;
import org.statekeeper.StateChanged;
import org.statekeeper.StateManager;
import org.statekeeper.Versioned;

/**
 * The application's open push connections, told of every committed change: this node's after commit,
 * other nodes' as the change feed delivers them (both arrive as {@link StateChanged} events). The
 * observer only matches and enqueues; values are read and sent on the server's managed executor.
 */
@ApplicationScoped
public class PushHub implements StateView {

    @Inject
    StateManager state;

    @Inject
    StateAudit audit;

    /** Each open connection by its WebSocket session (compared by identity). */
    private final Map<Session, PushConnection> connections = new ConcurrentHashMap<>();
    private volatile PushSettings settings;
    private volatile Executor executor;
    private volatile PushConnection.Later later;

    void start(PushSettings pushSettings, Executor managedExecutor, PushConnection.Later delayed) {
        this.settings = pushSettings;
        this.executor = managedExecutor;
        this.later = delayed;
    }

    PushConnection open(Session session, Outbox out, Readable readable) {
        PushConnection connection = new PushConnection(out, readable, settings, this, executor, later);
        connections.put(session, connection);
        return connection;
    }

    void closed(Session session) {
        PushConnection connection = connections.remove(session);
        if (connection != null) {
            connection.closed();
        }
    }

    PushSettings settings() {
        return settings;
    }

    int connections() {
        return connections.size();
    }

    /** Passes a committed change to every connection; each sends it if subscribed. */
    void changed(@Observes StateChanged change) {
        for (PushConnection connection : connections.values()) {
            connection.changed(change.key(), change.version());
        }
    }

    /** One read per change and key, whatever the number of connections sending it. */
    private final SharedReads reads = new SharedReads(key -> state.getVersioned(key, JsonValue.class));

    @Override
    public Optional<Versioned<JsonValue>> read(String key, long version) {
        return reads.read(key, version);
    }

    @Override
    public List<String> keys(String prefix, int limit) {
        List<String> keys = new java.util.ArrayList<>();
        String after = null;
        while (keys.size() < limit) {
            List<KeyInfo> page = audit.keys(prefix, after, Math.min(StateAudit.MAX_KEYS_PAGE, limit - keys.size()));
            page.forEach(k -> keys.add(k.key()));
            if (page.isEmpty() || keys.size() >= limit) {
                return keys;
            }
            after = page.get(page.size() - 1).key();
        }
        return keys;
    }
}
