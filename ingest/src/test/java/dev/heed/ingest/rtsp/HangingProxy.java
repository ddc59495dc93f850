package dev.heed.ingest.rtsp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on 127.0.0.1 in front of a real server that can "hang" the connections it carries: after
 * {@link #hang()} they stay open but nothing more reaches the client, the way a camera whose encoder froze
 * behaves (STACK.md: FFmpeg then repeats its last buffered frame after each socket timeout). The server side
 * keeps being read, so the server itself stays healthy; connections made after the hang work normally.
 */
public final class HangingProxy implements AutoCloseable {
    private final int upstreamPort;
    private final ServerSocket listener;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private volatile long hungAtMs;

    private static final class Connection {
        final Socket client;
        final Socket server;
        volatile boolean hung;

        Connection(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void close() {
            try {
                client.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            try {
                server.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    public HangingProxy(int upstreamPort) throws IOException {
        this(0, upstreamPort);
    }

    /** A proxy on a port chosen beforehand (0: any free one), e.g. where a client has been trying to connect. */
    public HangingProxy(int listenPort, int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.listener = new ServerSocket(listenPort, 16, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "hanging-proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Connections accepted so far, open or not. */
    public int connectionsAccepted() {
        return connections.size();
    }

    /** Stops delivering anything to the clients of the open connections, without closing them. */
    public long hang() {
        hungAtMs = System.currentTimeMillis();
        connections.forEach(c -> c.hung = true);
        return hungAtMs;
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                Connection c = new Connection(client, server);
                connections.add(c);
                pump(c, client.getInputStream(), server.getOutputStream(), false);
                pump(c, server.getInputStream(), client.getOutputStream(), true);
            } catch (IOException e) {
                if (listener.isClosed()) {
                    return;
                }
            }
        }
    }

    private static void pump(Connection c, InputStream in, OutputStream out, boolean towardsClient) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (!(towardsClient && c.hung)) {
                        out.write(buf, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // One side closed.
            }
            // The client leaving ends the connection; the server leaving a hung one leaves the client hanging.
            if (!towardsClient || !c.hung) {
                c.close();
            }
        }, "hanging-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        connections.forEach(Connection::close);
    }
}
