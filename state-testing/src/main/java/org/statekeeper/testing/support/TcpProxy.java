package org.statekeeper.testing.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback that a test can cut, as a network partition cuts one node off from a server
 * while the others still reach it: once cut, open connections are closed and new ones are closed at once.
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private volatile InetSocketAddress target;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean cut;
    private volatile boolean blackHoled;

    private TcpProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "tcp-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Starts a proxy to {@code host}:{@code port}.
     *
     * @param host the target host
     * @param port the target port
     * @return the running proxy
     * @throws IOException when no local port can be opened
     */
    public static TcpProxy to(String host, int port) throws IOException {
        return new TcpProxy(new InetSocketAddress(host, port));
    }

    /** Returns the local port that leads to the target while the proxy is not cut. */
    public int port() {
        return server.getLocalPort();
    }

    /** Cuts the link: every open connection is closed, and new ones are closed as soon as they are made. */
    public void cut() {
        cut = true;
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
    }

    /** Restores the link: new connections are led to the target, and bytes flow again. */
    public void restore() {
        cut = false;
        blackHoled = false;
    }

    /**
     * Black-holes the link, as a dead route or a silent firewall does: connections stay open and new ones are
     * accepted, but no byte gets through either way (nor a reset), so a client waits for its own timeouts;
     * what was sent meanwhile arrives, in order, after {@link #restore()}, as TCP retransmits it.
     */
    public void blackHole() {
        blackHoled = true;
    }

    /**
     * Leads new connections to {@code host}:{@code port} from now on and closes the open ones, as a
     * failover behind a stable address does (a Sentinel-managed name, a virtual IP).
     *
     * @param host the new target host
     * @param port the new target port
     */
    public void retarget(String host, int port) {
        target = new InetSocketAddress(host, port);
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (cut) {
                    closeQuietly(client);
                    continue;
                }
                InetSocketAddress to = target;
                Socket upstream;
                try {
                    upstream = new Socket(to.getAddress(), to.getPort());
                } catch (IOException refused) {
                    // The target is down: end the client's connection at once, as a refused connect would,
                    // rather than leave it open with no one behind it.
                    closeQuietly(client);
                    continue;
                }
                open.add(client);
                open.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                // closed, or the target refused: the client sees its connection end
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    // Held, not dropped: TCP delivers what a dead route delayed, in order, once it is back.
                    while (blackHoled && !cut) {
                        Thread.sleep(5);
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed: close the other too
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        cut();
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
