package dev.ferry.test;

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
 * A TCP pass-through to a server (PostgreSQL, say) that a test can cut and restore, as a
 * network partition or a stopped server would: {@link #cut()} closes every open
 * connection and refuses new ones (connection refused), {@link #restore()} accepts again
 * on the same port. The real server is never touched, so other tests using it go on
 * undisturbed.
 */
public final class TcpProxy implements AutoCloseable {

	private final String targetHost;

	private final int targetPort;

	private final int port;

	private final List<Socket> open = new CopyOnWriteArrayList<>();

	private volatile ServerSocket server;

	public TcpProxy(String targetHost, int targetPort) {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		this.port = Sandbox.freePort();
		restore();
	}

	public int port() {
		return port;
	}

	/**
	 * Every connection through the proxy is dropped, and new ones are refused until
	 * {@link #restore()}.
	 */
	public synchronized void cut() {
		closeQuietly(server);
		server = null;
		open.forEach(TcpProxy::closeQuietly);
		open.clear();
	}

	public synchronized void restore() {
		if (server != null) {
			return;
		}
		try {
			ServerSocket listening = new ServerSocket();
			listening.setReuseAddress(true);
			listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
			server = listening;
			Thread.ofVirtual().name("tcp-proxy-" + port).start(() -> accept(listening));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not listen on " + port, ex);
		}
	}

	private void accept(ServerSocket listening) {
		while (!listening.isClosed()) {
			try {
				Socket client = listening.accept();
				Socket upstream = new Socket(targetHost, targetPort);
				open.add(client);
				open.add(upstream);
				pump(client, upstream);
				pump(upstream, client);
			}
			catch (IOException ex) {
				// closed by cut(), or the target refused: the client sees its connection
				// end
			}
		}
	}

	private void pump(Socket from, Socket to) {
		Thread.ofVirtual().start(() -> {
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				in.transferTo(out);
			}
			catch (IOException ex) {
				// one side went away
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
			}
		});
	}

	@Override
	public void close() {
		cut();
	}

	private static void closeQuietly(AutoCloseable closeable) {
		if (closeable == null) {
			return;
		}
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// closing is best effort
		}
	}

}
