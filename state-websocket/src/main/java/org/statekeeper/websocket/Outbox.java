package org.statekeeper.websocket;

import java.util.function.Consumer;

/** Where a connection's messages go: the WebSocket session, or a test's recorder. */
interface Outbox {

    /** Sends one text message without blocking; {@code done} gets null once sent, or the failure. */
    void send(String text, Consumer<Throwable> done);

    /** Closes the connection with a WebSocket close code and a reason of at most 123 bytes. */
    void close(int code, String reason);
}
