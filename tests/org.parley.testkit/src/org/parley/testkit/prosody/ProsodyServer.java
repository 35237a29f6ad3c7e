package org.parley.testkit.prosody;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.parley.testkit.process.DebianPackages;
import org.parley.testkit.process.Processes;
import org.parley.testkit.tls.SelfSignedCertificate;

/**
 * A real Prosody XMPP server (Debian's package, 0.12) on a free loopback port for integration tests:
 * installed with apt-get when missing (as root), configured and run in the foreground in a work
 * directory (configuration, data, pid file and log there), ready once its client port accepts
 * connections, stopped by PID on {@link #close()}.
 *
 * <pre>{@code
 * try (ProsodyServer prosody = ProsodyServer.start(tempDir, Map.of("alice", "alice-secret"))) {
 *     String jid = prosody.jid("alice"); // alice@localhost, on 127.0.0.1:prosody.port()
 *     ...
 * }
 * }</pre>
 *
 * <p>
 * The one virtual host is {@value #DOMAIN}; clients connect to 127.0.0.1 and {@link #port()}. There
 * is no TLS, no s2s and no HTTP: SASL PLAIN (and SCRAM) without encryption, passwords stored in plain
 * text. Messages to an offline user are kept for it (mod_offline). Prosody lower-cases user names
 * (nodeprep): give them in lower case.
 */
public final class ProsodyServer implements AutoCloseable {

	/** The Prosody binary of the Debian package. */
	public static final Path PROSODY = Path.of("/usr/bin/prosody");
	/** Its control program, which registers the users. */
	public static final Path PROSODYCTL = Path.of("/usr/bin/prosodyctl");
	/** The XMPP domain (virtual host) of the users. */
	public static final String DOMAIN = "localhost";

	private static final Duration READY = Duration.ofSeconds(20);
	private static final Duration STOP = Duration.ofSeconds(5);
	private static final int START_ATTEMPTS = 3;
	private static final String PORT_TAKEN = "the c2s port is taken";

	private final Process process;
	private final int port;
	private final Path log;
	private final Thread shutdownHook;

	private ProsodyServer(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
		this.shutdownHook = new Thread(this::stop, "prosody-" + process.pid() + "-shutdown");
		Runtime.getRuntime().addShutdownHook(shutdownHook);
	}

	/**
	 * Installs Prosody if needed and starts it for the XMPP domain {@value #DOMAIN} on a free loopback
	 * port with the given users (name to password); its files go to {@code workDir} (created if
	 * missing). Returns once the client port accepts connections.
	 *
	 * @throws IOException if it cannot be installed, a user cannot be registered, or it does not listen
	 *                     within 20 s (the message ends with the tail of its log)
	 */
	public static ProsodyServer start(Path workDir, Map<String, String> users)
			throws IOException, InterruptedException {
		Path dir = Objects.requireNonNull(workDir, "workDir").toAbsolutePath();
		DebianPackages.ensureInstalled("Prosody", List.of("prosody"), pkg -> Files.isExecutable(PROSODY), true, dir,
				Duration.ofMinutes(5));
		Files.createDirectories(dir.resolve("data"));
		Files.createDirectories(dir.resolve("certs")); // empty: spares an error about a missing directory
		Files.createDirectories(dir.resolve("tls"));
		SelfSignedCertificate.make(dir.resolve("tls"), "dns:" + DOMAIN + ",ip:127.0.0.1", "parley",
				dir.resolve("keytool.log"));
		Path config = dir.resolve("prosody.cfg.lua");
		IOException last = null;
		for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
			int port = freeTcpPort();
			Files.writeString(config, config(dir, port));
			if (attempt == 1) {
				register(dir, config, users);
			}
			try {
				return launch(dir, config, port);
			} catch (PortTakenException e) {
				last = e; // another process took the port between probe and bind: a new one
			}
		}
		throw last;
	}

	/**
	 * The server's self-signed certificate (PEM), which it offers to clients that start TLS; no
	 * authority vouches for it, so a client trusts it only when told to.
	 */
	public Path tlsCertificate() {
		return log.resolveSibling("tls").resolve("tls-cert.pem");
	}

	/** The XMPP domain the users live in: {@value #DOMAIN}. */
	public String domain() {
		return DOMAIN;
	}

	/** The client-to-server (c2s) port on 127.0.0.1. */
	public int port() {
		return port;
	}

	/** The bare JID of a user: {@code user@}{@link #domain()}. */
	public String jid(String user) {
		return user + "@" + DOMAIN;
	}

	/** Stops the server by PID (SIGTERM, SIGKILL after 5 s) and waits for it to exit; never throws. */
	@Override
	public void close() {
		stop();
		try {
			Runtime.getRuntime().removeShutdownHook(shutdownHook);
		} catch (IllegalStateException e) {
			// the JVM is shutting down: the hook runs stop() too
		}
	}

	private void stop() {
		try {
			if (process.isAlive()) {
				Processes.terminate(process.toHandle(), STOP);
			}
		} catch (RuntimeException e) {
			// nothing more to do
		}
	}

	@Override
	public String toString() {
		return "Prosody[127.0.0.1:" + port + ", domain " + DOMAIN + ", pid " + process.pid() + ", log " + log + "]";
	}

	// ---------------------------------------------------------------- start

	/** Prosody's configuration: everything in {@code dir}, c2s on 127.0.0.1:{@code port} only. */
	private static String config(Path dir, int port) {
		return "-- Prosody for integration tests, written by " + ProsodyServer.class.getName() + "\n"
				+ "run_as_root = true -- as root, Prosody 0.12 refuses to run without it\n"
				+ "pidfile = " + lua(dir.resolve("prosody.pid")) + "\n"
				+ "data_path = " + lua(dir.resolve("data")) + "\n"
				+ "certificates = " + lua(dir.resolve("certs")) + "\n"
				+ "ssl = { key = " + lua(dir.resolve("tls").resolve("tls-key.pem")) + "; certificate = "
				+ lua(dir.resolve("tls").resolve("tls-cert.pem")) + " }\n"
				+ "log = { { levels = { min = \"debug\" }; to = \"file\"; filename = "
				+ lua(dir.resolve("prosody.log")) + " } }\n"
				+ "interfaces = { \"127.0.0.1\" }\n"
				+ "c2s_ports = { " + port + " }\n"
				+ "c2s_direct_tls_ports = { }\n"
				+ "c2s_require_encryption = false\n"
				+ "allow_unencrypted_plain_auth = true\n"
				+ "authentication = \"internal_plain\"\n"
				+ "storage = \"internal\"\n"
				+ "allow_registration = false\n"
				+ "modules_enabled = { \"roster\"; \"saslauth\"; \"tls\"; \"disco\"; \"ping\"; \"offline\" }\n"
				+ "modules_disabled = { \"s2s\"; \"s2s_auth_certs\" }\n"
				+ "VirtualHost \"" + DOMAIN + "\"\n";
	}

	/** Registers (or sets the password of) each user with prosodyctl, which reads the same config. */
	private static void register(Path dir, Path config, Map<String, String> users) throws IOException {
		Path log = dir.resolve("prosodyctl.log");
		Files.deleteIfExists(log);
		for (Map.Entry<String, String> user : users.entrySet()) {
			Processes.run(List.of(PROSODYCTL.toString(), "--config", config.toString(), "register", user.getKey(),
					DOMAIN, user.getValue()), Map.of(), log, Duration.ofSeconds(30),
					"cannot register the Prosody user " + user.getKey());
		}
	}

	private static ProsodyServer launch(Path dir, Path config, int port) throws IOException, InterruptedException {
		Path log = dir.resolve("prosody.log");
		Path console = dir.resolve("prosody-console.log");
		Path pidFile = dir.resolve("prosody.pid");
		Files.deleteIfExists(log);
		Files.deleteIfExists(console);
		// -F: in the foreground (0.12 deprecates the daemonize option in favour of -F and -D)
		List<String> command = List.of(PROSODY.toString(), "-F", "--config", config.toString());
		Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
				.redirectOutput(console.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
				.start();
		String problem;
		try {
			problem = awaitListening(process, port, log, pidFile);
		} catch (IOException | InterruptedException | RuntimeException e) {
			Processes.terminate(process.toHandle(), STOP);
			throw e;
		}
		if (problem == null) {
			return new ProsodyServer(process, port, log);
		}
		Processes.terminate(process.toHandle(), STOP);
		String message = "Prosody did not start on 127.0.0.1:" + port + ": " + problem + "\n"
				+ String.join(" ", command) + "\n--- tail of " + log + " ---\n" + Processes.tail(log, 40)
				+ "\n--- tail of " + console + " ---\n" + Processes.tail(console, 10);
		throw problem.equals(PORT_TAKEN) ? new PortTakenException(message) : new IOException(message);
	}

	/**
	 * Waits until the log says c2s listens on {@code port}, the pid file names the process and the
	 * port accepts a connection; {@code null} then, else what went wrong.
	 */
	private static String awaitListening(Process process, int port, Path log, Path pidFile)
			throws IOException, InterruptedException {
		String activated = "Activated service 'c2s' on ";
		String listening = activated + "[127.0.0.1]:" + port;
		long deadline = System.nanoTime() + READY.toNanos();
		while (true) {
			String text = Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "";
			boolean logged = text.contains(listening);
			boolean pidWritten = pidFileSays(pidFile, process.pid());
			if (logged && pidWritten && accepts(port)) {
				return null;
			}
			if (text.contains(activated) && !text.contains(listening)) {
				return PORT_TAKEN;
			}
			if (text.contains("Error initializing module")) {
				return "a module failed to load"; // Prosody would go on without it
			}
			if (!process.isAlive()) {
				return "exited with status " + process.exitValue();
			}
			if (System.nanoTime() > deadline) {
				return "not ready within " + READY.toSeconds() + " s (c2s listening in the log: " + logged
						+ ", pid file written: " + pidWritten + ")";
			}
			Thread.sleep(100);
		}
	}

	private static final class PortTakenException extends IOException {
		private static final long serialVersionUID = 1L;

		PortTakenException(String message) {
			super(message);
		}
	}

	private static boolean accepts(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(loopback(), port), 300);
			return true;
		} catch (IOException e) {
			return false;
		}
	}

	private static boolean pidFileSays(Path pidFile, long pid) {
		try {
			return Files.readString(pidFile).trim().equals(Long.toString(pid));
		} catch (IOException e) {
			return false;
		}
	}

	/** A TCP port on 127.0.0.1 that was free a moment ago (Prosody binds it next). */
	private static int freeTcpPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, loopback())) {
			return socket.getLocalPort();
		}
	}

	/** 127.0.0.1, where Prosody listens (the JDK's loopback address may be ::1). */
	private static InetAddress loopback() throws IOException {
		return InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 });
	}

	/** A Lua string literal. */
	private static String lua(Object value) {
		return "\"" + value.toString().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
	}
}
