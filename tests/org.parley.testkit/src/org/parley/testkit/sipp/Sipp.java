package org.parley.testkit.sipp;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import org.parley.testkit.network.Ports;
import org.parley.testkit.process.DebianPackages;
import org.parley.testkit.process.Processes;

/**
 * A SIPp process that plays one scenario as the far end of a test, on loopback, and tells how it
 * went.
 *
 * <p>
 * It installs SIPp ({@value #PACKAGE}) with apt-get when {@link #SIPP} is missing and the tests
 * run as root, copies the scenario into the work directory, starts
 * {@code sipp -sf <scenario> -i 127.0.0.1 -p <free port> -m <calls> -timeout <s> -timeout_error
 * -trace_err -trace_msg ...}, and returns once SIPp holds its port. {@link #await} waits for it to
 * finish, with a bound; {@link #close()} stops it by PID.
 *
 * <pre>{@code
 * try (Sipp sipp = Sipp.scenario("uas-answer.xml").workDir(dir).start()) {
 *     telephony.call(new Address(sipp.uri("service")));
 *     ...
 *     Sipp.Result result = sipp.await(Duration.ofSeconds(30));
 *     assertTrue(result.succeeded(), result.toString());
 * }
 * }</pre>
 *
 * Scenarios are the classpath resources {@code /sipp/<name>} of the test kit, or any file.
 */
public final class Sipp implements AutoCloseable {

	/** The SIPp binary of the Debian package. */
	public static final Path SIPP = Path.of("/usr/bin/sipp");
	/** The Debian package that holds SIPp. */
	public static final String PACKAGE = "sip-tester";
	/** Where the package keeps its RTP captures ({@code g711a.pcap}, {@code dtmf_2833_*.pcap}). */
	public static final Path PCAPS = Path.of("/usr/share/sip-tester");
	/** The address SIPp listens on. */
	public static final String HOST = "127.0.0.1";

	private static final String RESOURCES = "/sipp/";
	private static final int START_ATTEMPTS = 3;
	private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
	/** SIPp's exit status when it cannot bind its sockets. */
	private static final int BIND_FAILED = 254;

	private final String name;
	private final Process process;
	private final int port;
	private final int mediaPort;
	private final Path errorLog;
	private final Path messageLog;
	private final Path screenLog;
	private volatile boolean closed;

	private Sipp(String name, Process process, int port, int mediaPort, Path errorLog, Path messageLog,
			Path screenLog) {
		this.name = name;
		this.process = process;
		this.port = port;
		this.mediaPort = mediaPort;
		this.errorLog = errorLog;
		this.messageLog = messageLog;
		this.screenLog = screenLog;
	}

	/** A SIPp run of the test kit's scenario {@code /sipp/<name>}. */
	public static Builder scenario(String name) {
		return new Builder(name, null);
	}

	/** A SIPp run of a scenario file. */
	public static Builder scenario(Path file) {
		return new Builder(file.getFileName().toString(), file);
	}

	/** What a run does; {@link #workDir} is required. */
	public static final class Builder {
		private final String name;
		private final Path file;
		private Path workDir;
		private String remote;
		private String service;
		private int calls = 1;
		private Duration timeout = Duration.ofSeconds(30);
		private final Map<String, String> keys = new LinkedHashMap<>();
		private final List<String> arguments = new ArrayList<>();
		private boolean install = true;
		private Duration installTimeout = Duration.ofMinutes(10);

		private Builder(String name, Path file) {
			this.name = Objects.requireNonNull(name, "name");
			this.file = file;
		}

		/** Where the scenario is copied and SIPp's logs go (created if missing). */
		public Builder workDir(Path directory) {
			this.workDir = directory.toAbsolutePath();
			return this;
		}

		/** Makes SIPp a caller: it sends its requests to {@code host:port}. Without it SIPp waits for calls. */
		public Builder remote(String hostPort) {
			this.remote = Objects.requireNonNull(hostPort, "hostPort");
			return this;
		}

		/** The user part of the Request-URI of its requests ({@code -s}). */
		public Builder service(String user) {
			this.service = Objects.requireNonNull(user, "user");
			return this;
		}

		/** How many calls to make or take before exiting ({@code -m}); 1 by default. */
		public Builder calls(int count) {
			if (count < 1) {
				throw new IllegalArgumentException("at least one call: " + count);
			}
			this.calls = count;
			return this;
		}

		/** After how long SIPp gives up and fails ({@code -timeout}, {@code -timeout_error}); 30 s by default. */
		public Builder timeout(Duration limit) {
			this.timeout = Objects.requireNonNull(limit, "limit");
			return this;
		}

		/** A value the scenario reads as {@code [name]} ({@code -key name value}). */
		public Builder key(String key, String value) {
			keys.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
			return this;
		}

		/** More command-line options for SIPp, e.g. {@code -rtp_echo}. */
		public Builder arguments(String... more) {
			arguments.addAll(List.of(more));
			return this;
		}

		/** Whether to apt-get install SIPp when it is missing (only as root); true by default. */
		public Builder install(boolean allowed) {
			this.install = allowed;
			return this;
		}

		/** Installs SIPp if needed, starts it and returns once it holds its SIP port. */
		public Sipp start() throws IOException {
			if (workDir == null) {
				throw new IllegalStateException("a SIPp run needs a work directory");
			}
			DebianPackages.ensureInstalled("SIPp", List.of(PACKAGE), pkg -> Files.isExecutable(SIPP), install,
					workDir, installTimeout);
			Files.createDirectories(workDir);
			Path scenario = copyScenario();
			IOException last = null;
			for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
				try {
					return launch(scenario);
				} catch (PortTakenException e) {
					last = e; // another process took a port between probe and bind
				}
			}
			throw last;
		}

		private Path copyScenario() throws IOException {
			Path target = workDir.resolve(name);
			if (file != null) {
				if (!file.toAbsolutePath().equals(target)) {
					Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
				}
				return target;
			}
			try (InputStream in = Sipp.class.getResourceAsStream(RESOURCES + name)) {
				if (in == null) {
					throw new IOException("no SIPp scenario " + RESOURCES + name + " in the test kit");
				}
				Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
			}
			return target;
		}

		private Sipp launch(Path scenario) throws IOException {
			int port = Ports.freeUdpPort();
			int mediaPort = freeMediaPort();
			int controlPort = Ports.freeUdpPort();
			String base = name.replaceFirst("\\.xml$", "") + "-" + port;
			Path errors = workDir.resolve(base + "-errors.log");
			Path messages = workDir.resolve(base + "-messages.log");
			Path screen = workDir.resolve(base + "-screen.log");
			Files.deleteIfExists(errors);
			Files.deleteIfExists(messages);
			Files.deleteIfExists(screen);
			List<String> command = new ArrayList<>(List.of(SIPP.toString()));
			if (remote != null) {
				command.add(remote);
			}
			command.addAll(List.of("-sf", scenario.toString(), "-i", HOST, "-p", Integer.toString(port), "-mi", HOST,
					"-mp", Integer.toString(mediaPort), "-cp", Integer.toString(controlPort), "-m", Integer.toString(calls), "-timeout",
					Math.max(1, timeout.toSeconds()) + "s", "-timeout_error", "-nostdin", "-trace_err", "-error_file",
					errors.toString(), "-trace_msg", "-message_file", messages.toString()));
			if (service != null) {
				command.addAll(List.of("-s", service));
			}
			keys.forEach((key, value) -> command.addAll(List.of("-key", key, value)));
			command.addAll(arguments);
			Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
					.redirectOutput(ProcessBuilder.Redirect.appendTo(screen.toFile()))
					.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
			Sipp sipp = new Sipp(base, process, port, mediaPort, errors, messages, screen);
			sipp.awaitListening(String.join(" ", command));
			return sipp;
		}
	}

	private static final class PortTakenException extends IOException {
		private static final long serialVersionUID = 1L;

		PortTakenException(String message) {
			super(message);
		}
	}

	/** Returns once SIPp's SIP port is bound, or fails if SIPp exits first. */
	private void awaitListening(String command) throws IOException {
		long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				String message = "SIPp exited at once with status " + process.exitValue() + ": " + command + "\n"
						+ Processes.tail(screenLog, 20) + "\n" + Processes.tail(errorLog, 20);
				if (process.exitValue() == BIND_FAILED || message.contains("bind")) {
					throw new PortTakenException(message);
				}
				throw new IOException(message);
			}
			if (bound(port)) {
				return;
			}
			try {
				Thread.sleep(20);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				close();
				throw new IOException("interrupted while SIPp starts", e);
			}
		}
		close();
		throw new IOException("SIPp did not bind " + HOST + ":" + port + " within " + READY_TIMEOUT.toSeconds()
				+ " s: " + command + "\n" + Processes.tail(screenLog, 20));
	}

	/** The SIP port SIPp uses (UDP, on {@link #HOST}). */
	public int port() {
		return port;
	}

	/** The port SIPp's own media socket uses ({@code -mp}, its {@code [media_port]}). */
	public int mediaPort() {
		return mediaPort;
	}

	/** {@code 127.0.0.1:<port>}. */
	public String hostPort() {
		return HOST + ":" + port;
	}

	/** A SIP URI that reaches SIPp, e.g. {@code sip:service@127.0.0.1:<port>}. */
	public String uri(String user) {
		return "sip:" + user + "@" + hostPort();
	}

	/** PID of the SIPp process. */
	public long pid() {
		return process.pid();
	}

	/** SIPp's log of every message sent and received. */
	public Path messageLog() {
		return messageLog;
	}

	/**
	 * Waits for SIPp to finish its calls; if it has not after {@code limit}, it is stopped and the
	 * result says it timed out.
	 */
	public Result await(Duration limit) throws InterruptedException {
		boolean finished = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
		if (!finished) {
			close();
		}
		return new Result(name, finished ? process.exitValue() : -1, !finished, read(errorLog, 60),
				Processes.tail(messageLog, 80));
	}

	/**
	 * How a run went.
	 *
	 * @param exitCode SIPp's exit status: 0 when every call passed, 1 when one failed, -1 if it was stopped
	 * @param timedOut whether it was stopped because it did not finish in time
	 * @param errors   its error log ({@code -trace_err}): unexpected messages, failed checks
	 * @param messages the end of its message log ({@code -trace_msg})
	 */
	public record Result(String run, int exitCode, boolean timedOut, String errors, String messages) {

		/** Whether SIPp finished in time with status 0. */
		public boolean succeeded() {
			return !timedOut && exitCode == 0;
		}

		@Override
		public String toString() {
			return "SIPp " + run + (timedOut ? " did not finish in time" : " exited with " + exitCode)
					+ "\n--- errors ---\n" + errors + "\n--- last messages ---\n" + messages;
		}
	}

	/** Stops SIPp by PID (SIGTERM, then SIGKILL) if it still runs. */
	@Override
	public void close() {
		if (closed) {
			return;
		}
		closed = true;
		if (process.isAlive()) {
			Processes.terminate(process.toHandle(), Duration.ofSeconds(3));
		}
	}

	@Override
	public String toString() {
		return "SIPp[" + name + ", pid " + process.pid() + ", " + hostPort() + "]";
	}

	private static String read(Path file, int lines) {
		return Files.exists(file) ? Processes.tail(file, lines) : "(none)";
	}

	/**
	 * Whether a UDP socket is bound to the port: Linux's socket table says so without touching the
	 * port (binding it to find out could make SIPp's own bind fail); elsewhere, a probe bind.
	 */
	private static boolean bound(int port) {
		Path table = Path.of("/proc/net/udp");
		if (!Files.isReadable(table)) {
			return !bindable(port);
		}
		String local = String.format(":%04X ", port);
		try {
			return Files.readAllLines(table).stream().skip(1).map(String::strip)
					.map(line -> line.split("\\s+", 3))
					.anyMatch(fields -> fields.length > 1 && (fields[1] + " ").endsWith(local));
		} catch (IOException e) {
			return !bindable(port);
		}
	}

	private static boolean bindable(int port) {
		try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(HOST), port))) {
			return true;
		} catch (SocketException taken) {
			return false;
		} catch (IOException e) {
			return false;
		}
	}

	/** A free port whose neighbour two up is free too: SIPp binds both (audio and video). */
	private static int freeMediaPort() throws IOException {
		for (int attempt = 0; attempt < 20; attempt++) {
			int port = Ports.freeUdpPort();
			if (port + 2 <= 65535 && bindable(port + 2)) {
				return port;
			}
		}
		throw new IOException("no free pair of media ports on " + HOST);
	}

}
