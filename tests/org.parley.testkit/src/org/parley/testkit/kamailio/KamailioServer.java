package org.parley.testkit.kamailio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.parley.testkit.process.DebianPackages;
import org.parley.testkit.process.Processes;
import org.parley.testkit.tls.SelfSignedCertificate;

/**
 * A real Kamailio SIP server for integration tests, started on loopback with the
 * configuration template kept in the test bundle ({@code kamailio/kamailio.cfg}).
 *
 * <p>
 * It installs Kamailio with apt when it is missing and the process runs as root,
 * writes the configuration and the db_text tables (users with digest passwords) under
 * a work directory, starts Kamailio in the foreground with a pid file, waits until it
 * answers OPTIONS on UDP and TCP, and {@link #close() stops} it by PID.
 *
 * <pre>{@code
 * try (KamailioServer kamailio = KamailioServer.start(tempDir,
 *         Map.of("alice", "alice-secret", "bob", "bob-secret"))) {
 *     String aor = kamailio.sipUri("alice"); // sip:alice@127.0.0.1:<port>
 *     ...
 * }
 * }</pre>
 *
 * <p>
 * Users: the digest realm is {@link #domain()}; user name = auth user name. The
 * domain is {@code 127.0.0.1} unless {@link Builder#domain(String)} sets a host name;
 * with the IP domain every AOR carries the server's port ({@link #sipUri(String)}),
 * because Kamailio's aliases for 127.0.0.1 must carry ports. UDP and TCP share one
 * port number. Plain Java, no dependency beyond the JDK.
 */
public final class KamailioServer implements AutoCloseable {

	/** The Kamailio binary of the Debian package. */
	public static final Path KAMAILIO = Path.of("/usr/sbin/kamailio");
	/** Classpath resource of the configuration template (the bundle's {@code kamailio/} folder). */
	public static final String TEMPLATE_RESOURCE = "/kamailio/kamailio.cfg";
	/** System property naming a template file, taking precedence over the classpath resource. */
	public static final String TEMPLATE_PROPERTY = "parley.kamailio.cfg";
	/** Debian packages installed when missing. */
	public static final List<String> PACKAGES = List.of("kamailio", "kamailio-presence-modules");
	/** Debian package with tls.so, installed when TLS is asked for. */
	public static final String TLS_PACKAGE = "kamailio-tls-modules";
	/** db_text tables shipped by the kamailio package (copied for presence and others). */
	public static final Path PACKAGED_DBTEXT = Path.of("/usr/share/kamailio/dbtext/kamailio");
	/** Password of the generated TLS key store and trust store (PKCS12). */
	public static final String TLS_STORE_PASSWORD = "parley";

	private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._+\\-]+");
	private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
	private static final int START_ATTEMPTS = 3;

	private final Builder config;
	private final Path workDir;
	private final Path configFile;
	private final Path logFile;
	private final Path pidFile;
	private final String host;
	private final int sipPort;
	private final int tlsPort;
	private final Process process;
	private final long pid;
	private final Map<String, String> users;
	private final Thread shutdownHook;
	private volatile boolean closed;

	private KamailioServer(Builder config, Path configFile, int sipPort, int tlsPort, Process process,
			long pid) {
		this.config = config;
		this.workDir = config.workDir;
		this.configFile = configFile;
		this.logFile = workDir.resolve("kamailio.log");
		this.pidFile = workDir.resolve("kamailio.pid");
		this.host = config.host;
		this.sipPort = sipPort;
		this.tlsPort = tlsPort;
		this.process = process;
		this.pid = pid;
		this.users = Collections.unmodifiableMap(new LinkedHashMap<>(config.users));
		this.shutdownHook = new Thread(this::stop, "kamailio-" + pid + "-shutdown");
		Runtime.getRuntime().addShutdownHook(shutdownHook);
	}

	/** Starts Kamailio with the default settings and these users (name to password). */
	public static KamailioServer start(Path workDir, Map<String, String> users) throws IOException {
		return builder(workDir).users(users).start();
	}

	/** A builder for a server whose files go to {@code workDir} (created if missing). */
	public static Builder builder(Path workDir) {
		return new Builder(workDir);
	}

	/** Settings of a server to start. */
	public static final class Builder {
		private final Path workDir;
		private final Map<String, String> users = new LinkedHashMap<>();
		private String host = "127.0.0.1";
		private String domain;
		private boolean tls;
		private String tlsNames = "ip:127.0.0.1,dns:localhost";
		private boolean presence;
		private int sharedMemoryMb = 256;
		private int privateMemoryMb = 8;
		private int debugLevel = 2;
		private Duration tcpConnectionLifetime = Duration.ofSeconds(3605);
		private Duration nonceExpiry = Duration.ofSeconds(300);
		private Path template;
		private Duration startTimeout = Duration.ofSeconds(10);
		private Duration installTimeout = Duration.ofMinutes(10);
		private boolean install = true;

		private Builder(Path workDir) {
			this.workDir = Objects.requireNonNull(workDir, "workDir").toAbsolutePath();
		}

		/** Adds a user with its password (user names: letters, digits, {@code . _ + -}). */
		public Builder user(String name, String password) {
			if (!USER_NAME.matcher(name).matches()) {
				throw new IllegalArgumentException("bad user name for Kamailio: " + name);
			}
			users.put(name, Objects.requireNonNull(password, "password"));
			return this;
		}

		/** Adds users (name to password). */
		public Builder users(Map<String, String> namesToPasswords) {
			namesToPasswords.forEach(this::user);
			return this;
		}

		/**
		 * SIP domain and digest realm. Default: the listen address {@code 127.0.0.1} (AORs then
		 * carry the port). A host name (e.g. {@code parley.test}) becomes a port-less alias;
		 * clients must then send to the server as outbound proxy, as no DNS knows the name.
		 */
		public Builder domain(String domain) {
			this.domain = Objects.requireNonNull(domain, "domain");
			return this;
		}

		/** Also listen on TLS (needs kamailio-tls-modules; a self-signed certificate is made). */
		public Builder tls(boolean enabled) {
			this.tls = enabled;
			return this;
		}

		/**
		 * The names the TLS certificate is made for, as keytool's SAN extension takes them
		 * ({@code ip:127.0.0.1,dns:localhost} by default); the first one is also the common name.
		 */
		public Builder tlsCertificateNames(String subjectAlternativeNames) {
			this.tlsNames = Objects.requireNonNull(subjectAlternativeNames, "subjectAlternativeNames");
			return this;
		}

		/** Load presence and presence_xml (PUBLISH, SUBSCRIBE/NOTIFY with PIDF). */
		public Builder presence(boolean enabled) {
			this.presence = enabled;
			return this;
		}

		/** Shared memory in MB ({@code -m}); 256 by default, give ≥ 512 under load. */
		public Builder sharedMemoryMb(int mb) {
			this.sharedMemoryMb = positive(mb);
			return this;
		}

		/** Private memory per process in MB ({@code -M}); 8 by default. */
		public Builder privateMemoryMb(int mb) {
			this.privateMemoryMb = positive(mb);
			return this;
		}

		/** Kamailio log level: -1 errors, 0 warnings, 1 notices, 2 info (default), 3 debug. */
		public Builder debugLevel(int level) {
			this.debugLevel = level;
			return this;
		}

		/**
		 * How long an idle TCP or TLS connection lives before Kamailio closes it
		 * ({@code tcp_connection_lifetime}, whole seconds, 3605 by default). Kamailio 5.6 closes an
		 * idle connection some seconds later than this says (about 11 s for 1 to 3 s); traffic on
		 * it, a CRLF keep-alive included, starts the lifetime anew.
		 */
		public Builder tcpConnectionLifetime(Duration lifetime) {
			this.tcpConnectionLifetime = Duration.ofSeconds(positive((int) lifetime.toSeconds()));
			return this;
		}

		/**
		 * How long a digest nonce stays valid ({@code auth} module's {@code nonce_expire}, whole
		 * seconds, 300 by default); a request with an older one is challenged with {@code stale=true}.
		 */
		public Builder nonceExpiry(Duration expiry) {
			this.nonceExpiry = Duration.ofSeconds(positive((int) expiry.toSeconds()));
			return this;
		}

		/** Reads the configuration template from this file instead of the classpath. */
		public Builder configTemplate(Path file) {
			this.template = file;
			return this;
		}

		/** How long to wait for the ports to answer; 10 s by default. */
		public Builder startTimeout(Duration timeout) {
			this.startTimeout = timeout;
			return this;
		}

		/** Whether to apt-get install Kamailio when missing (only as root); true by default. */
		public Builder install(boolean allowed) {
			this.install = allowed;
			return this;
		}

		/** Installs if needed, writes the files, starts Kamailio and waits until it answers. */
		public KamailioServer start() throws IOException {
			if (domain == null) {
				domain = host;
			}
			if (IPV4.matcher(domain).matches() && !domain.equals(host)) {
				throw new IllegalArgumentException(
						"an IP domain must be the listen address " + host + ": " + domain);
			}
			ensureInstalled(this);
			return launch(this);
		}

		private static int positive(int value) {
			if (value <= 0) {
				throw new IllegalArgumentException("must be positive: " + value);
			}
			return value;
		}
	}

	// ---------------------------------------------------------------- accessors

	/** The listen address, {@code 127.0.0.1}. */
	public String host() {
		return host;
	}

	/** UDP port (the same number as {@link #tcpPort()}). */
	public int udpPort() {
		return sipPort;
	}

	/** TCP port (the same number as {@link #udpPort()}). */
	public int tcpPort() {
		return sipPort;
	}

	/** TLS port, or -1 without TLS. */
	public int tlsPort() {
		return tlsPort;
	}

	/** SIP domain of the users, also the digest realm. */
	public String domain() {
		return config.domain;
	}

	/** Digest realm of the challenges (the same as {@link #domain()}). */
	public String realm() {
		return config.domain;
	}

	/** Users and their passwords. */
	public Map<String, String> users() {
		return users;
	}

	/** The password of a user. */
	public String password(String user) {
		String password = users.get(user);
		if (password == null) {
			throw new IllegalArgumentException("no such Kamailio user: " + user);
		}
		return password;
	}

	/** Kamailio's log (stdout and stderr). */
	public Path logFile() {
		return logFile;
	}

	/** The configuration written from the template. */
	public Path configFile() {
		return configFile;
	}

	/** The work directory (configuration, db_text tables, log, runtime files). */
	public Path workDir() {
		return workDir;
	}

	/** PID of Kamailio's main process. */
	public long pid() {
		return pid;
	}

	/** Whether the main process still runs. */
	public boolean isAlive() {
		return process.isAlive();
	}

	/**
	 * The address of record of a user, e.g. {@code sip:alice@127.0.0.1:5070} (IP domain: with
	 * the port) or {@code sip:alice@parley.test} (host-name domain).
	 */
	public String sipUri(String user) {
		return "sip:" + user + "@" + domainHostPort();
	}

	/** The Request-URI for REGISTER, e.g. {@code sip:127.0.0.1:5070}. */
	public String registrarUri() {
		return "sip:" + domainHostPort();
	}

	/** {@code host:port} of the server for a transport ({@code udp}, {@code tcp}, {@code tls}). */
	public String hostPort(String transport) {
		return switch (transport.toLowerCase()) {
			case "udp", "tcp" -> host + ":" + sipPort;
			case "tls" -> {
				if (tlsPort < 0) {
					throw new IllegalStateException("Kamailio was started without TLS");
				}
				yield host + ":" + tlsPort;
			}
			default -> throw new IllegalArgumentException("unknown transport: " + transport);
		};
	}

	/** PKCS12 trust store (password {@link #TLS_STORE_PASSWORD}) with the server's certificate. */
	public Path tlsTrustStore() {
		requireTls();
		return runDir().resolve("tls-trust.p12");
	}

	/** PKCS12 key store (password {@link #TLS_STORE_PASSWORD}) with the server's key and certificate. */
	public Path tlsKeyStore() {
		requireTls();
		return runDir().resolve("tls.p12");
	}

	/** The server's certificate, PEM. */
	public Path tlsCertificate() {
		requireTls();
		return runDir().resolve("tls-cert.pem");
	}

	/** The last lines of Kamailio's log. */
	public String logTail(int lines) {
		return Processes.tail(logFile, lines);
	}

	private String domainHostPort() {
		return usesDomainAlias(config.domain) ? config.domain : config.domain + ":" + sipPort;
	}

	private Path runDir() {
		return workDir.resolve("run");
	}

	private void requireTls() {
		if (tlsPort < 0) {
			throw new IllegalStateException("Kamailio was started without TLS");
		}
	}

	// ---------------------------------------------------------------- stop

	/** Stops Kamailio by PID: SIGTERM, then SIGKILL after 5 s; waits until its processes exit. */
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
		Processes.terminate(process.toHandle(), Duration.ofSeconds(5));
	}

	// ---------------------------------------------------------------- install

	private static void ensureInstalled(Builder b) throws IOException {
		List<String> wanted = new ArrayList<>(PACKAGES);
		if (b.tls) {
			wanted.add(TLS_PACKAGE);
		}
		DebianPackages.ensureInstalled("Kamailio", wanted,
				pkg -> Files.isExecutable(KAMAILIO)
						&& (pkg.equals("kamailio") || DebianPackages.isInstalled(pkg, true)),
				b.install, b.workDir, b.installTimeout);
	}

	// ---------------------------------------------------------------- start

	private static KamailioServer launch(Builder b) throws IOException {
		Files.createDirectories(b.workDir);
		Path runDir = b.workDir.resolve("run");
		Path dbDir = b.workDir.resolve("db");
		Files.createDirectories(runDir);
		String template = readTemplate(b);
		writeDbText(b, dbDir);
		if (b.tls) {
			writeTlsFiles(runDir, b.workDir, b.tlsNames);
		}
		IOException last = null;
		for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
			int sipPort = freeUdpAndTcpPort(b.host, -1);
			int tlsPort = b.tls ? freeUdpAndTcpPort(b.host, sipPort) : -1;
			try {
				return launchOnce(b, template, runDir, dbDir, sipPort, tlsPort);
			} catch (PortTakenException e) {
				last = e; // another process took a port between probe and bind: new ports
			}
		}
		throw last;
	}

	private static final class PortTakenException extends IOException {
		private static final long serialVersionUID = 1L;

		PortTakenException(String message) {
			super(message);
		}
	}

	private static KamailioServer launchOnce(Builder b, String template, Path runDir, Path dbDir, int sipPort,
			int tlsPort) throws IOException {
		Path cfg = b.workDir.resolve("kamailio.cfg");
		Path log = b.workDir.resolve("kamailio.log");
		Path pidFile = b.workDir.resolve("kamailio.pid");
		Files.writeString(cfg, fill(template, b, runDir, dbDir, sipPort, tlsPort));
		Files.deleteIfExists(pidFile);
		Files.deleteIfExists(log);
		Files.deleteIfExists(runDir.resolve("kamailio_ctl"));

		List<String> command = new ArrayList<>(List.of(KAMAILIO.toString(), "-f", cfg.toString(), "-P",
				pidFile.toString(), "-Y", runDir.toString(), "-w", b.workDir.toString(), "-m",
				Integer.toString(b.sharedMemoryMb), "-M", Integer.toString(b.privateMemoryMb), "-DD", "-E"));
		if (b.tls) {
			command.addAll(List.of("-A", "WITH_TLS"));
		}
		if (b.presence) {
			command.addAll(List.of("-A", "WITH_PRESENCE"));
		}
		if (usesDomainAlias(b.domain)) {
			command.addAll(List.of("-A", "WITH_DOMAIN_ALIAS"));
		}
		// unix socket paths are limited to 108 bytes
		if (runDir.resolve("kamailio_ctl").toString().length() < 100) {
			command.addAll(List.of("-A", "WITH_CTL"));
		}
		Process process = new ProcessBuilder(command).directory(b.workDir.toFile()).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
		try {
			awaitReady(b, process, sipPort, tlsPort, pidFile);
		} catch (IOException | RuntimeException e) {
			Processes.terminate(process.toHandle(), Duration.ofSeconds(5));
			String logTail = Processes.tail(log, 30);
			String message = "Kamailio did not start on " + b.host + ":" + sipPort
					+ (tlsPort > 0 ? " (TLS " + tlsPort + ")" : "") + ": " + e.getMessage() + "\n"
					+ String.join(" ", command) + "\n--- tail of " + log + " ---\n" + logTail;
			if (logTail.contains("Address already in use")) {
				throw new PortTakenException(message);
			}
			throw new IOException(message, e);
		}
		long pid = process.pid();
		return new KamailioServer(b, cfg, sipPort, tlsPort, process, pid);
	}

	private static void awaitReady(Builder b, Process process, int sipPort, int tlsPort, Path pidFile)
			throws IOException {
		long deadline = System.nanoTime() + b.startTimeout.toNanos();
		boolean udp = false;
		boolean tcp = false;
		boolean tls = tlsPort < 0;
		String lastProblem = "no answer yet";
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IOException("Kamailio exited with status " + process.exitValue());
			}
			try {
				if (!udp) {
					udp = optionsOverUdp(b.host, sipPort);
				}
				if (udp && !tcp) {
					tcp = optionsOverTcp(b.host, sipPort);
				}
				if (udp && tcp && !tls) {
					tls = connects(b.host, tlsPort);
				}
			} catch (IOException e) {
				lastProblem = e.toString();
			}
			if (udp && tcp && tls && Files.exists(pidFile)) {
				checkPidFile(process, pidFile);
				return;
			}
			sleep(100);
		}
		throw new IOException("no answer within " + b.startTimeout.toMillis() + " ms (udp=" + udp + ", tcp="
				+ tcp + ", tls=" + tls + ", pid file " + (Files.exists(pidFile) ? "written" : "missing")
				+ "; " + lastProblem + ")");
	}

	private static void checkPidFile(Process process, Path pidFile) throws IOException {
		String text = Files.readString(pidFile).trim();
		if (!text.equals(Long.toString(process.pid()))) {
			throw new IOException("pid file says " + text + " but the started process is " + process.pid());
		}
	}

	private static boolean optionsOverUdp(String host, int port) throws IOException {
		try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(host), 0))) {
			socket.setSoTimeout(300);
			byte[] request = options(host, port, "UDP", socket.getLocalPort()).getBytes(StandardCharsets.US_ASCII);
			socket.send(new DatagramPacket(request, request.length, InetAddress.getByName(host), port));
			byte[] buffer = new byte[4096];
			DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
			try {
				socket.receive(reply);
			} catch (SocketTimeoutException e) {
				return false;
			}
			return new String(buffer, 0, reply.getLength(), StandardCharsets.US_ASCII).startsWith("SIP/2.0 200");
		}
	}

	private static boolean optionsOverTcp(String host, int port) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getByName(host), port), 300);
			socket.setSoTimeout(1000);
			OutputStream out = socket.getOutputStream();
			out.write(options(host, port, "TCP", socket.getLocalPort()).getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream line = new ByteArrayOutputStream();
			for (int c = in.read(); c >= 0 && c != '\n' && line.size() < 200; c = in.read()) {
				line.write(c);
			}
			return line.toString(StandardCharsets.US_ASCII).startsWith("SIP/2.0 200");
		} catch (java.net.ConnectException | SocketTimeoutException e) {
			return false;
		}
	}

	private static boolean connects(String host, int port) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getByName(host), port), 300);
			return true;
		} catch (java.net.ConnectException | SocketTimeoutException e) {
			return false;
		}
	}

	private static String options(String host, int port, String transport, int localPort) {
		String id = UUID.randomUUID().toString();
		return "OPTIONS sip:" + host + ":" + port + " SIP/2.0\r\n" //
				+ "Via: SIP/2.0/" + transport + " " + host + ":" + localPort + ";branch=z9hG4bK-" + id
				+ ";rport\r\n" //
				+ "Max-Forwards: 70\r\n" //
				+ "From: <sip:probe@" + host + ":" + localPort + ">;tag=" + id.substring(0, 8) + "\r\n" //
				+ "To: <sip:" + host + ":" + port + ">\r\n" //
				+ "Call-ID: " + id + "@" + host + "\r\n" //
				+ "CSeq: 1 OPTIONS\r\n" //
				+ "Content-Length: 0\r\n\r\n";
	}

	private static void sleep(long millis) throws IOException {
		try {
			Thread.sleep(millis);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted while waiting for Kamailio", e);
		}
	}

	// ---------------------------------------------------------------- files

	private static String readTemplate(Builder b) throws IOException {
		if (b.template != null) {
			return Files.readString(b.template);
		}
		String property = System.getProperty(TEMPLATE_PROPERTY);
		if (property != null && !property.isBlank()) {
			return Files.readString(Path.of(property));
		}
		try (InputStream in = KamailioServer.class.getResourceAsStream(TEMPLATE_RESOURCE)) {
			if (in != null) {
				return new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
		}
		Path relative = Path.of("kamailio", "kamailio.cfg"); // the test project's directory
		if (Files.isRegularFile(relative)) {
			return Files.readString(relative);
		}
		throw new IOException("Kamailio configuration template not found: neither classpath resource "
				+ TEMPLATE_RESOURCE + " nor ./" + relative + " (or set -D" + TEMPLATE_PROPERTY + "=<file>)");
	}

	private static String fill(String template, Builder b, Path runDir, Path dbDir, int sipPort, int tlsPort) {
		Map<String, String> values = new LinkedHashMap<>();
		values.put("@LISTEN_IP@", b.host);
		values.put("@UDP_PORT@", Integer.toString(sipPort));
		values.put("@TCP_PORT@", Integer.toString(sipPort));
		values.put("@TLS_PORT@", Integer.toString(tlsPort > 0 ? tlsPort : sipPort + 1));
		values.put("@DOMAIN@", b.domain);
		values.put("@DB_DIR@", dbDir.toString());
		values.put("@RUN_DIR@", runDir.toString());
		values.put("@DEBUG_LEVEL@", Integer.toString(b.debugLevel));
		values.put("@TCP_LIFETIME@", Long.toString(b.tcpConnectionLifetime.toSeconds()));
		values.put("@NONCE_EXPIRE@", Long.toString(b.nonceExpiry.toSeconds()));
		String text = template;
		for (Map.Entry<String, String> e : values.entrySet()) {
			text = text.replace(e.getKey(), e.getValue());
		}
		return text;
	}

	private static void writeDbText(Builder b, Path dbDir) throws IOException {
		Files.createDirectories(dbDir);
		if (Files.isDirectory(PACKAGED_DBTEXT)) {
			// all tables of the package (presence needs presentity, watchers, ...)
			try (Stream<Path> tables = Files.list(PACKAGED_DBTEXT)) {
				for (Path table : (Iterable<Path>) tables::iterator) {
					if (Files.isRegularFile(table)) {
						Files.copy(table, dbDir.resolve(table.getFileName().toString()),
								java.nio.file.StandardCopyOption.REPLACE_EXISTING);
					}
				}
			}
			// presence 5.6 inserts active_watchers rows without "flags": db_text
			// refuses them ("null value not allowed") unless the column may be null
			Path watchers = dbDir.resolve("active_watchers");
			if (Files.isRegularFile(watchers)) {
				String text = Files.readString(watchers);
				Files.writeString(watchers, text.replaceFirst(" flags\\(int\\) ", " flags(int,null) "));
			}
		} else if (b.presence) {
			throw new IOException("presence needs the db_text tables of the kamailio package: " + PACKAGED_DBTEXT);
		} else {
			Files.writeString(dbDir.resolve("version"), "id(int,auto) table_name(string) table_version(int) \n"
					+ "0:version:1\n0:subscriber:7\n0:location:9\n0:location_attrs:1\n");
		}
		StringBuilder subscriber = new StringBuilder(
				"id(int,auto) username(string) domain(string) password(string) ha1(string) ha1b(string) \n");
		int id = 1;
		for (Map.Entry<String, String> user : b.users.entrySet()) {
			String name = user.getKey();
			String password = user.getValue();
			String ha1 = md5Hex(name + ":" + b.domain + ":" + password);
			String ha1b = md5Hex(name + "@" + b.domain + ":" + b.domain + ":" + password);
			subscriber.append(id++).append(':').append(dbText(name)).append(':').append(dbText(b.domain))
					.append(':').append(dbText(password)).append(':').append(ha1).append(':').append(ha1b)
					.append('\n');
		}
		Files.writeString(dbDir.resolve("subscriber"), subscriber);
	}

	/** Escapes a db_text string value. */
	private static String dbText(String value) {
		StringBuilder out = new StringBuilder(value.length());
		for (char c : value.toCharArray()) {
			switch (c) {
				case ':' -> out.append("\\:");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				default -> out.append(c);
			}
		}
		return out.toString();
	}

	/** {@code md5(text)} in lower-case hex, e.g. a digest HA1 {@code md5(user:realm:password)}. */
	public static String md5Hex(String text) {
		try {
			return HexFormat.of()
					.formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private static void writeTlsFiles(Path runDir, Path workDir, String names) throws IOException {
		SelfSignedCertificate.make(runDir, names, TLS_STORE_PASSWORD, workDir.resolve("keytool.log"));
	}

	// ---------------------------------------------------------------- helpers

	private static boolean usesDomainAlias(String domain) {
		return !IPV4.matcher(domain).matches() && !domain.contains(":") && !domain.equalsIgnoreCase("localhost");
	}

	/**
	 * A loopback port free for both UDP and TCP (probed by binding both, then released).
	 */
	private static int freeUdpAndTcpPort(String host, int not) throws IOException {
		InetAddress address = InetAddress.getByName(host);
		for (int i = 0; i < 50; i++) {
			int port;
			try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(address, 0))) {
				port = udp.getLocalPort();
				if (port == not) {
					continue;
				}
				try (ServerSocket tcp = new ServerSocket()) {
					tcp.setReuseAddress(false);
					tcp.bind(new InetSocketAddress(address, port));
					return port;
				} catch (IOException taken) {
					// TCP side in use: try another
				}
			}
			sleep(ThreadLocalRandom.current().nextInt(5, 20));
		}
		throw new IOException("no free UDP+TCP port on " + host);
	}

	@Override
	public String toString() {
		return "Kamailio[pid " + pid + ", " + host + ":" + sipPort + " udp+tcp"
				+ (tlsPort > 0 ? ", tls " + tlsPort : "") + ", domain " + config.domain + "]";
	}
}
