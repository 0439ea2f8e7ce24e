package org.statekeeper.websocket;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.websocket.CloseReason.CloseCodes;
import java.io.StringReader;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.statekeeper.Versioned;

/**
 * One browser connection: its subscriptions, the versions its page holds, and the changes waiting to be
 * sent to it. Changes of one key are coalesced (only the newest is sent) and each message is rendered
 * from the state as it is when sent, so a page never receives a version older than one it has. One
 * message is in flight at a time and the next is sent when it completes, on the executor: a slow page
 * delays only itself, and one with more than {@code maxPending} keys waiting is closed, to resync when
 * it reconnects.
 */
final class PushConnection {

    private static final System.Logger LOG = System.getLogger(PushConnection.class.getName());

    private final Outbox out;
    private final Readable readable;
    private final PushSettings settings;
    private final StateView state;
    private final Executor executor;
    private final Later later;

    private final Subscriptions subscriptions = new Subscriptions();
    /** The version of each key the page holds, as far as this connection knows. */
    private final Map<String, Long> held = new HashMap<>();
    /** Keys with a change to send, each with the newest version heard of (0: check the current state). */
    private final LinkedHashMap<String, Long> pending = new LinkedHashMap<>();
    /** Replies, sent before any pending change. */
    private final ArrayDeque<String> replies = new ArrayDeque<>();
    /** Keys read at a version older than the change heard of, with how often so far. */
    private final Map<String, Integer> behind = new HashMap<>();
    private boolean sending;
    private boolean closed;

    PushConnection(Outbox out, Readable readable, PushSettings settings, StateView state, Executor executor,
            Later later) {
        this.out = out;
        this.readable = readable;
        this.settings = settings;
        this.state = state;
        this.executor = executor;
        this.later = later;
    }

    /** Runs work after a delay (the server's managed scheduled executor). */
    interface Later {
        void run(long millis, Runnable work);
    }

    /** How often, and how long apart, a key whose read is behind the change heard of is read again. */
    static final int BEHIND_RETRIES = 40;
    static final long BEHIND_RETRY_MILLIS = 25;


    /** A committed change, here or on another node. */
    void changed(String key, long version) {
        synchronized (this) {
            if (closed || !subscriptions.covers(key)) {
                return;
            }
        }
        enqueue(List.of(key), version, null);
    }

    /** A message from the page. */
    void receive(String text) {
        JsonObject request;
        try {
            request = Json.createReader(new StringReader(text)).readObject();
        } catch (JsonException | IllegalStateException e) {
            reply(PushMessages.error("not a JSON object"));
            return;
        }
        String op = request.get("op") instanceof JsonString s ? s.getString() : "";
        switch (op) {
            case "subscribe" -> subscribe(request);
            case "unsubscribe" -> unsubscribe(request);
            default -> reply(PushMessages.error("op must be subscribe or unsubscribe"));
        }
    }

    /** Stops sending; the connection is gone. */
    synchronized void closed() {
        closed = true;
        pending.clear();
        replies.clear();
    }

    private void subscribe(JsonObject request) {
        List<String> keys = strings(request, "keys");
        List<String> prefixes = strings(request, "prefixes");
        if (keys == null || prefixes == null) {
            reply(PushMessages.error("keys and prefixes must be arrays of strings"));
            return;
        }
        JsonObject have = request.get("have") instanceof JsonObject h ? h : JsonValue.EMPTY_JSON_OBJECT;
        // Listed before anything is granted (a query, outside the lock): a prefix holding more keys than a
        // page may have waiting is refused, or the page would be closed and resubscribe without end.
        Map<String, List<String>> under = new LinkedHashMap<>();
        for (String prefix : prefixes) {
            if (readable.prefix(prefix) && !under.containsKey(prefix)) {
                under.put(prefix, state.keys(prefix, settings.maxPending() + 1));
            }
        }
        List<String> granted = new ArrayList<>();
        List<String> grantedPrefixes = new ArrayList<>();
        List<String> denied = new ArrayList<>();
        List<String> check = new ArrayList<>();
        String reason = null;
        synchronized (this) {
            for (String key : keys) {
                String refusal = !readable.key(key) ? "not readable" : full();
                if (refusal == null) {
                    subscriptions.addKey(key);
                    granted.add(key);
                    check.add(key);
                } else {
                    denied.add(key);
                    reason = refusal;
                }
            }
            for (String prefix : prefixes) {
                List<String> listed = under.get(prefix);
                String refusal = listed == null ? "not readable" : full();
                if (refusal == null && listed.size() + check.size() + pending.size() > settings.maxPending()) {
                    refusal = "more than " + settings.maxPending() + " keys to send";
                }
                if (refusal == null) {
                    subscriptions.addPrefix(prefix);
                    grantedPrefixes.add(prefix);
                    check.addAll(listed);
                } else {
                    denied.add(prefix);
                    reason = refusal;
                }
            }
            // What the page says it holds, for subscribed keys only: only newer versions are sent to it, and
            // a key it holds that is gone is sent as deleted.
            for (Map.Entry<String, JsonValue> e : have.entrySet()) {
                if (subscriptions.covers(e.getKey()) && e.getValue() instanceof JsonNumber n && n.longValue() > 0) {
                    held.put(e.getKey(), n.longValue());
                    check.add(e.getKey());
                }
            }
        }
        reply(PushMessages.subscribed(granted, grantedPrefixes, denied, reason));
        enqueue(check, 0, null);
    }

    /** Why one more subscription is refused, or null when it is not. */
    private String full() {
        return subscriptions.size() >= settings.maxSubscriptions()
                ? "more than " + settings.maxSubscriptions() + " subscriptions" : null;
    }

    private void unsubscribe(JsonObject request) {
        List<String> keys = strings(request, "keys");
        List<String> prefixes = strings(request, "prefixes");
        if (keys == null || prefixes == null) {
            reply(PushMessages.error("keys and prefixes must be arrays of strings"));
            return;
        }
        synchronized (this) {
            keys.forEach(subscriptions::removeKey);
            prefixes.forEach(subscriptions::removePrefix);
            held.keySet().removeIf(key -> !subscriptions.covers(key));
        }
    }

    private void reply(String text) {
        enqueue(List.of(), 0, text);
    }

    private void enqueue(List<String> keys, long version, String replyText) {
        boolean start;
        boolean overflow;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (replyText != null) {
                replies.add(replyText);
            }
            for (String key : keys) {
                pending.merge(key, version, Math::max);
            }
            overflow = pending.size() > settings.maxPending();
            start = !sending && !overflow;
            sending |= start;
        }
        if (overflow) {
            close(CloseCodes.TRY_AGAIN_LATER.getCode(),
                    "statekeeper: more than " + settings.maxPending() + " changes waiting; reconnect to resync");
        } else if (start) {
            executor.execute(this::sendNext);
        }
    }

    /** Sends the next message, if any; runs on the executor, and again each time a send completes. */
    private void sendNext() {
        while (true) {
            String text;
            String key;
            long version;
            synchronized (this) {
                if (closed || (replies.isEmpty() && pending.isEmpty())) {
                    sending = false;
                    return;
                }
                text = replies.poll();
                key = null;
                version = 0;
                if (text == null) {
                    Iterator<Map.Entry<String, Long>> next = pending.entrySet().iterator();
                    Map.Entry<String, Long> first = next.next();
                    next.remove();
                    key = first.getKey();
                    version = first.getValue();
                }
            }
            if (key != null) {
                try {
                    Optional<Versioned<JsonValue>> current = state.read(key, version);
                    if (readAgainLater(key, version, current)) {
                        continue;
                    }
                    text = render(key, version, current);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "SK0603 Statekeeper push could not read a key; the page will resync: " + e);
                    close(CloseCodes.TRY_AGAIN_LATER.getCode(), "statekeeper: state unavailable; reconnect to resync");
                    return;
                }
            }
            if (text != null) {
                out.send(text, failure -> {
                    if (failure == null) {
                        executor.execute(this::sendNext);
                    } else {
                        close(CloseCodes.GOING_AWAY.getCode(), "statekeeper: send failed");
                    }
                });
                return;
            }
        }
    }

    /**
     * Whether the read is older than the change heard of (the observer can run before this node's store
     * has the change, or a copy is still being dropped): then the key is read again shortly, a bounded
     * number of times, rather than a stale version being sent and the newer one never.
     */
    private boolean readAgainLater(String key, long version, Optional<Versioned<JsonValue>> current) {
        boolean stale = current.isPresent() && current.get().version() < version;
        int attempts;
        synchronized (this) {
            attempts = stale ? behind.merge(key, 1, Integer::sum) : 0;
            if (!stale || attempts > BEHIND_RETRIES) {
                behind.remove(key);
                return false;
            }
        }
        later.run(BEHIND_RETRY_MILLIS, () -> enqueue(List.of(key), version, null));
        return true;
    }

    /** The message that brings the page to the key's current state, or null when it is there already. */
    private synchronized String render(String key, long version, Optional<Versioned<JsonValue>> current) {
        if (closed || !subscriptions.covers(key)) {
            return null;
        }
        Long has = held.get(key);
        if (current.isPresent()) {
            long now = current.get().version();
            if (has != null && has >= now) {
                return null;
            }
            held.put(key, now);
            return PushMessages.value(key, now, current.get().value());
        }
        if (has == null) {
            return null;
        }
        held.remove(key);
        return PushMessages.deleted(key, version);
    }

    private void close(int code, String reason) {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        closed();
        out.close(code, reason);
    }

    private static List<String> strings(JsonObject request, String name) {
        JsonValue value = request.get(name);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof JsonArray array)) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (JsonValue item : array) {
            if (!(item instanceof JsonString s)) {
                return null;
            }
            out.add(s.getString());
        }
        return out;
    }
}
