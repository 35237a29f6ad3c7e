package org.parley.testkit.baresip;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.parley.testkit.network.Ports;
import org.parley.testkit.process.DebianPackages;
import org.parley.testkit.process.Processes;

/**
 * One baresip process as a serverless SIP user agent on loopback, for interoperability tests: it
 * answers calls at once and sends a sine tone; what it receives shows in its status line
 * ({@link #awaitReceiving}). Its console
 * output goes to {@code <name>-screen.log} in the work directory; {@link #await} reads it, and
 * {@link #command} types on its console (e.g. {@code /dial sip:...}). {@link #close()} quits it and
 * stops it by PID if it does not go.
 *
 * <pre>{@code
 * try (Baresip bob = Baresip.in(dir).user("bob").tone(440).mediaEncryption("dtls_srtp").start()) {
 *     telephony.call(new Address(bob.uri()));
 *     bob.await("Call established", Duration.ofSeconds(10));
 * }
 * }</pre>
 */
public final class Baresip implements AutoCloseable {

	private static final Path BARESIP = Path.of("/usr/bin/baresip");
	private static final Path MODULES = Path.of("/usr/lib/baresip/modules");
	private static final List<String> PACKAGES = List.of("baresip-core");
	private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
	/** The width of the pictures a baresip with {@link Builder#video()} sends. */
	public static final int VIDEO_WIDTH = 352;
	/** The height of the pictures a baresip with {@link Builder#video()} sends. */
	public static final int VIDEO_HEIGHT = 288;

	private final String user;
	private final int port;
	private final Path screen;
	private final Process process;
	private final OutputStream console;
	private boolean closed;

	private Baresip(String user, int port, Path screen, Process process) {
		this.user = user;
		this.port = port;
		this.screen = screen;
		this.process = process;
		this.console = process.getOutputStream();
	}

	/** A baresip that keeps its configuration, logs and recordings in {@code workDir}. */
	public static Builder in(Path workDir) {
		return new Builder(workDir);
	}

	/** The account's address, e.g. {@code sip:bob@127.0.0.1:40312}. */
	public String uri() {
		return "sip:" + user + "@127.0.0.1:" + port;
	}

	/**
	 * Waits until baresip's call status line shows it receiving audio at {@code bitsPerSecond} or more:
	 * it counts the RTP it could read, so with SRTP only what it decrypted and authenticated
	 * ({@code audio=<sent>/<received> (bit/s)}).
	 */
	public void awaitReceiving(int bitsPerSecond, Duration timeout) throws IOException, InterruptedException {
		Pattern status = Pattern.compile("audio=\\d+/(\\d+) ");
		awaitLine(line -> status.matcher(line).results().anyMatch(match -> Long.parseLong(match.group(1)) >= bitsPerSecond),
				"a status line receiving at least " + bitsPerSecond + " bit/s", timeout);
	}

	/** Types a command on baresip's console, e.g. {@code /dial sip:alice@127.0.0.1:5062} or {@code /hangup}. */
	public void command(String line) throws IOException {
		console.write((line + "\n").getBytes(StandardCharsets.UTF_8));
		console.flush();
	}

	/**
	 * Waits until baresip's console has printed a line matching {@code regex}.
	 *
	 * @throws IOException with the end of its console output if it does not within {@code timeout}
	 */
	public void await(String regex, Duration timeout) throws IOException, InterruptedException {
		Pattern pattern = Pattern.compile(regex);
		awaitLine(line -> pattern.matcher(line).find(), "line matching '" + regex + "'", timeout);
	}

	private void awaitLine(Predicate<String> wanted, String what, Duration timeout)
			throws IOException, InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (Files.exists(screen) && Files.readAllLines(screen, StandardCharsets.ISO_8859_1).stream()
					.anyMatch(wanted)) {
				return;
			}
			if (!process.isAlive()) {
				break;
			}
			Thread.sleep(100);
		}
		throw new IOException("baresip printed no " + what + " within " + timeout.toSeconds() + " s"
				+ (process.isAlive() ? "" : " (it exited " + process.exitValue() + ")") + ":\n" + Processes.tail(screen, 30));
	}

	/** Quits baresip ({@code /quit}), and stops it by PID if it is still there after 5 s. */
	@Override
	public void close() {
		if (closed) {
			return;
		}
		closed = true;
		try {
			command("/quit");
		} catch (IOException e) {
			// its console is gone: it is stopped by PID below
		}
		if (!Processes.awaitExit(process.toHandle(), Duration.ofSeconds(5))) {
			Processes.terminate(process.toHandle(), Duration.ofSeconds(3));
		}
	}

	@Override
	public String toString() {
		return "baresip[" + uri() + ", pid " + process.pid() + "]";
	}

	/** What the baresip plays and how it encrypts. */
	public static final class Builder {
		private final Path workDir;
		private String user = "baresip";
		private int tone = 440;
		private String codec = "PCMU";
		private String mediaEncryption = "";
		private boolean install = true;
		private boolean video;
		private boolean ice;

		private Builder(Path workDir) {
			this.workDir = workDir;
		}

		/** The account's user name (also names its files). */
		public Builder user(String name) {
			this.user = name;
			return this;
		}

		/** The frequency of the sine tone it sends, in Hz. */
		public Builder tone(int hertz) {
			this.tone = hertz;
			return this;
		}

		/** The only audio codec it offers and accepts, e.g. {@code PCMU} (the default). */
		public Builder codec(String name) {
			this.codec = name;
			return this;
		}

		/** Its media encryption: {@code dtls_srtp}, {@code srtp}, {@code srtp-mand}, ...; none by default. */
		public Builder mediaEncryption(String module) {
			this.mediaEncryption = module;
			return this;
		}

		/**
		 * Gives it VP8 video: its {@code fakevideo} source (a moving picture of {@value Baresip#VIDEO_WIDTH}x{@value
		 * Baresip#VIDEO_HEIGHT}) and display (which drops what it is shown); off by default.
		 */
		public Builder video() {
			this.video = true;
			return this;
		}

		/** Gives it ICE ({@code medianat=ice}, its {@code ice} module); off by default. */
		public Builder ice() {
			this.ice = true;
			return this;
		}

		/** Whether to apt-get install baresip when it is missing (only as root); true by default. */
		public Builder install(boolean allowed) {
			this.install = allowed;
			return this;
		}

		/** Installs baresip if needed, starts it and returns once it is ready. */
		public Baresip start() throws IOException, InterruptedException {
			DebianPackages.ensureInstalled("baresip", PACKAGES, pkg -> Files.isExecutable(BARESIP), install, workDir,
					INSTALL_TIMEOUT);
			Path dir = workDir.resolve("baresip-" + user);
			Files.createDirectories(dir);
			int port = Ports.freeUdpPort();
			Path screen = workDir.resolve(user + "-screen.log");
			Files.deleteIfExists(screen);
			Files.writeString(dir.resolve("config"), config(port));
			Files.writeString(dir.resolve("accounts"), "<sip:" + user + "@127.0.0.1:" + port
					+ ">;regint=0;answermode=auto;audio_codecs=" + codec
					+ (mediaEncryption.isEmpty() ? "" : ";mediaenc=" + mediaEncryption) + (ice ? ";medianat=ice" : "")
					+ "\n");
			Process process = new ProcessBuilder(BARESIP.toString(), "-n", "127.0.0.1", "-f", dir.toString())
					.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(screen.toFile()))
					.start();
			Baresip baresip = new Baresip(user, port, screen, process);
			try {
				baresip.await("baresip is ready", Duration.ofSeconds(15));
			} catch (IOException | InterruptedException e) {
				baresip.close();
				throw e;
			}
			return baresip;
		}

		private String config(int port) {
			List<String> loaded = new ArrayList<>(List.of("stdio", "g711", "ausine", "aufile"));
			if (video) {
				loaded.addAll(List.of("vp8", "fakevideo"));
			}
			if (ice) {
				loaded.add("ice");
			}
			String modules = String.join("\n", loaded.stream().map(module -> "module\t\t\t" + module + ".so").toList());
			return String.join("\n",
					"poll_method\t\tepoll",
					"sip_listen\t\t127.0.0.1:" + port,
					"audio_player\t\taufile,/dev/null", // no such player in 1.0: decoded audio is dropped
					"audio_source\t\tausine," + tone,
					"audio_alert\t\taufile,/dev/null",
					"ausrc_srate\t\t48000", "ausrc_channels\t\t2", // ausine makes 48 kHz stereo only
					video ? "video_source\t\tfakevideo,nil\nvideo_display\t\tfakevideo,nil\nvideo_size\t\t"
							+ VIDEO_WIDTH + "x" + VIDEO_HEIGHT + "\nvideo_fps\t\t15\nvideo_bitrate\t\t300000" : "",
					"module_path\t\t" + MODULES,
					modules,
					mediaEncryption.isEmpty() ? "" : "module\t\t\t" + mediaEncryption.replace("-mand", "") + ".so",
					"module_app\t\taccount.so",
					"module_app\t\tmenu.so", "");
		}
	}
}
