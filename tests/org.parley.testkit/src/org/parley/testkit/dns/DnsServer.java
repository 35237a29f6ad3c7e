package org.parley.testkit.dns;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.parley.testkit.process.DebianPackages;
import org.parley.testkit.process.Processes;

/**
 * A real DNS server for integration tests: dnsmasq on loopback, answering only from the records
 * given here (no upstream servers, no {@code /etc/hosts}), on a free port.
 *
 * <p>
 * It installs dnsmasq ({@value #PACKAGE}, the binary without the system service) with apt when
 * it is missing and the process runs as root, starts it in the foreground, waits until it
 * answers a query, and {@link #close() stops} it by PID.
 *
 * <pre>{@code
 * try (DnsServer dns = DnsServer.builder(workDir).local("example.test")
 *         .naptr("example.test", 10, 50, "s", "SIP+D2U", "_sip._udp.example.test")
 *         .srv("_sip._udp.example.test", "sip1.example.test", 5070, 10, 100)
 *         .host("sip1.example.test", "127.0.0.1").start()) {
 *     String server = dns.address(); // 127.0.0.1:<port>
 *     ...
 * }
 * }</pre>
 *
 * Plain Java, no dependency beyond the JDK.
 */
public final class DnsServer implements AutoCloseable {

	/** The dnsmasq binary of the Debian package. */
	public static final Path DNSMASQ = Path.of("/usr/sbin/dnsmasq");
	/** The Debian package with the binary only (no system service). */
	public static final String PACKAGE = "dnsmasq-base";

	private static final int START_ATTEMPTS = 3;

	private final String host;
	private final int port;
	private final Process process;
	private final Path logFile;
	private final Thread shutdownHook;
	private volatile boolean closed;

	private DnsServer(String host, int port, Process process, Path logFile) {
		this.host = host;
		this.port = port;
		this.process = process;
		this.logFile = logFile;
		this.shutdownHook = new Thread(this::stop, "dnsmasq-" + process.pid() + "-shutdown");
		Runtime.getRuntime().addShutdownHook(shutdownHook);
	}

	/** A builder for a server whose files (log, pid file) go to {@code workDir} (created if missing). */
	public static Builder builder(Path workDir) {
		return new Builder(workDir);
	}

	/** The records a server answers with, and how to start it. */
	public static final class Builder {
		private final Path workDir;
		private final List<String> options = new ArrayList<>();
		private String host = "127.0.0.1";
		private Duration startTimeout = Duration.ofSeconds(10);
		private boolean install = true;

		private Builder(Path workDir) {
			this.workDir = Objects.requireNonNull(workDir, "workDir").toAbsolutePath();
		}

		/**
		 * A domain answered from these records only: a name in it without records is
		 * NXDOMAIN at once (without this, dnsmasq refuses names it has no records for).
		 */
		public Builder local(String domain) {
			options.add("--local=/" + name(domain) + "/");
			return this;
		}

		/** A NAPTR record; {@code replacement} is the next name to look up (empty for none). */
		public Builder naptr(String name, int order, int preference, String flags, String service,
				String replacement) {
			options.add("--naptr-record=" + name(name) + "," + order + "," + preference + "," + flags + ","
					+ service + ",," + replacement);
			return this;
		}

		/** An SRV record, e.g. {@code srv("_sip._udp.example.test", "sip1.example.test", 5060, 10, 100)}. */
		public Builder srv(String name, String target, int port, int priority, int weight) {
			options.add("--srv-host=" + name(name) + "," + name(target) + "," + port + "," + priority + ","
					+ weight);
			return this;
		}

		/** A and AAAA records of a host name (IPv4 and IPv6 addresses, at least one). */
		public Builder host(String name, String... addresses) {
			if (addresses.length == 0) {
				throw new IllegalArgumentException("a host record needs an address: " + name);
			}
			options.add("--host-record=" + name(name) + "," + String.join(",", addresses));
			return this;
		}

		/** How long to wait for the first answer; 10 s by default. */
		public Builder startTimeout(Duration timeout) {
			this.startTimeout = timeout;
			return this;
		}

		/** Whether to apt-get install dnsmasq when missing (only as root); true by default. */
		public Builder install(boolean allowed) {
			this.install = allowed;
			return this;
		}

		/** Installs dnsmasq if needed, starts it and waits until it answers. */
		public DnsServer start() throws IOException {
			ensureInstalled(this);
			Files.createDirectories(workDir);
			IOException last = null;
			for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
				try {
					return launch(this, freeUdpAndTcpPort(host));
				} catch (PortTakenException e) {
					last = e; // another process took the port between probe and bind: a new one
				}
			}
			throw last;
		}

		private static String name(String name) {
			if (name.isBlank() || name.contains(",") || name.contains("/") || name.contains(" ")) {
				throw new IllegalArgumentException("not a DNS name for dnsmasq: '" + name + "'");
			}
			return name;
		}
	}

	// ---------------------------------------------------------------- accessors

	/** The listen address, {@code 127.0.0.1}. */
	public String host() {
		return host;
	}

	/** The port, for UDP and TCP. */
	public int port() {
		return port;
	}

	/** {@code host:port}, e.g. {@code 127.0.0.1:53535}. */
	public String address() {
		return host + ":" + port;
	}

	/** PID of dnsmasq. */
	public long pid() {
		return process.pid();
	}

	/** Whether dnsmasq still runs. */
	public boolean isAlive() {
		return process.isAlive();
	}

	/** dnsmasq's log (its queries and answers). */
	public Path logFile() {
		return logFile;
	}

	/** The last lines of dnsmasq's log. */
	public String logTail(int lines) {
		return Processes.tail(logFile, lines);
	}

	// ---------------------------------------------------------------- stop

	/** Stops dnsmasq by PID: SIGTERM, then SIGKILL after 5 s; waits until it exited. */
	@Override
	public void close() {
		stop();
		try {
			Runtime.getRuntime().removeShutdownHook(shutdownHook);
		} catch (IllegalStateException shuttingDown) {
			// the hook runs or ran already
		}
	}

	private synchronized void stop() {
		if (closed) {
			return;
		}
		closed = true;
		terminate(process);
	}

	private static void terminate(Process process) {
		Processes.terminate(process.toHandle(), Duration.ofSeconds(5));
	}

	// ---------------------------------------------------------------- install

	private static void ensureInstalled(Builder b) throws IOException {
		DebianPackages.ensureInstalled("dnsmasq", List.of(PACKAGE), pkg -> Files.isExecutable(DNSMASQ), b.install,
				b.workDir, Duration.ofMinutes(10));
	}

	// ---------------------------------------------------------------- start

	private static DnsServer launch(Builder b, int port) throws IOException {
		Path log = b.workDir.resolve("dnsmasq.log");
		Path pidFile = b.workDir.resolve("dnsmasq.pid");
		Files.deleteIfExists(log);
		List<String> command = new ArrayList<>(List.of(DNSMASQ.toString(), "--conf-file=/dev/null",
				"--keep-in-foreground", "--port=" + port, "--listen-address=" + b.host, "--bind-interfaces",
				"--no-resolv", "--no-hosts", "--pid-file=" + pidFile, "--log-facility=-", "--log-queries"));
		command.addAll(b.options);
		Process process = new ProcessBuilder(command).directory(b.workDir.toFile()).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
		try {
			awaitAnswer(b, process, port);
		} catch (IOException | RuntimeException e) {
			terminate(process);
			String logTail = Processes.tail(log, 20);
			String message = "dnsmasq did not start on " + b.host + ":" + port + ": " + e.getMessage() + "\n"
					+ String.join(" ", command) + "\n--- tail of " + log + " ---\n" + logTail;
			if (logTail.contains("Address already in use")) {
				throw new PortTakenException(message);
			}
			throw new IOException(message, e);
		}
		return new DnsServer(b.host, port, process, log);
	}

	/** Asks for {@code ready.invalid} until any answer comes (NXDOMAIN or REFUSED will do). */
	private static void awaitAnswer(Builder b, Process process, int port) throws IOException {
		long deadline = System.nanoTime() + b.startTimeout.toNanos();
		byte[] query = query(0x5A17, "ready.invalid");
		try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(b.host), 0))) {
			socket.setSoTimeout(200);
			while (System.nanoTime() < deadline) {
				if (!process.isAlive()) {
					throw new IOException("dnsmasq exited with status " + process.exitValue());
				}
				socket.send(new DatagramPacket(query, query.length, InetAddress.getByName(b.host), port));
				byte[] buffer = new byte[512];
				DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
				try {
					socket.receive(reply);
					if (reply.getLength() >= 2 && buffer[0] == query[0] && buffer[1] == query[1]) {
						return;
					}
				} catch (SocketTimeoutException | java.net.PortUnreachableException notYet) {
					// not listening yet
				}
			}
		}
		throw new IOException("no answer within " + b.startTimeout.toMillis() + " ms");
	}

	/** A DNS query (RFC 1035) for the A records of {@code name}, with recursion desired. */
	private static byte[] query(int id, String name) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(new byte[] { (byte) (id >> 8), (byte) id, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0 });
		for (String label : name.split("\\.")) {
			byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
			out.write(bytes.length);
			out.writeBytes(bytes);
		}
		out.writeBytes(new byte[] { 0, 0, 1, 0, 1 });
		return out.toByteArray();
	}

	private static final class PortTakenException extends IOException {
		private static final long serialVersionUID = 1L;

		PortTakenException(String message) {
			super(message);
		}
	}

	// ---------------------------------------------------------------- helpers

	/** A loopback port free for both UDP and TCP (dnsmasq listens on both). */
	private static int freeUdpAndTcpPort(String host) throws IOException {
		InetAddress address = InetAddress.getByName(host);
		for (int i = 0; i < 50; i++) {
			try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(address, 0))) {
				int port = udp.getLocalPort();
				try (ServerSocket tcp = new ServerSocket()) {
					tcp.setReuseAddress(false);
					tcp.bind(new InetSocketAddress(address, port));
					return port;
				} catch (IOException taken) {
					// TCP side in use: try another
				}
			}
		}
		throw new IOException("no free UDP+TCP port on " + host);
	}

	@Override
	public String toString() {
		return "dnsmasq[pid " + pid() + ", " + address() + "]";
	}
}
