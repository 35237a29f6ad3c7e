package org.parley.testkit.pulseaudio;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.parley.testkit.process.DebianPackages;
import org.parley.testkit.process.Processes;

/**
 * A PulseAudio server of the test's own, with virtual devices only: installed with apt-get when
 * missing (as root), listening on the socket named by the test JVM's {@code PULSE_SERVER} (set by
 * the build), without a configuration file, stopped by PID on {@link #close()}. "Microphones" are
 * sources that play a sine tone; "speakers" are null sinks whose sound is recorded from their monitor.
 */
public final class PulseAudio implements AutoCloseable {

	private static final Path DAEMON = Path.of("/usr/bin/pulseaudio");
	private static final Path PACTL = Path.of("/usr/bin/pactl");
	private static final List<String> PACKAGES = List.of("pulseaudio", "pulseaudio-utils");
	private static final Duration READY = Duration.ofSeconds(10);
	private static final Duration COMMAND = Duration.ofSeconds(10);
	/** A WAV header and 20 ms of 8 kHz 16-bit sound. */
	private static final long RECORDING_STARTED_BYTES = 44 + 320;

	private final Process daemon;
	private final String server;
	private final Path workDir;
	private final List<Process> recorders = new ArrayList<>();

	private PulseAudio(Process daemon, String server, Path workDir) {
		this.daemon = daemon;
		this.server = server;
		this.workDir = workDir;
	}

	/**
	 * Installs PulseAudio if needed and starts a server on the socket of {@code PULSE_SERVER}
	 * ({@code unix:<path>}); its log and files go to {@code workDir}.
	 */
	public static PulseAudio start(Path workDir) throws IOException, InterruptedException {
		String server = System.getenv().getOrDefault("PULSE_SERVER", "");
		if (!server.startsWith("unix:")) {
			throw new IOException("PULSE_SERVER must name the test's socket (unix:<path>), not '" + server + "'");
		}
		DebianPackages.ensureInstalled("PulseAudio", PACKAGES,
				pkg -> DebianPackages.isInstalled(pkg, Files.isExecutable(DAEMON) && Files.isExecutable(PACTL)), true,
				workDir, Duration.ofMinutes(5));
		Path socket = Path.of(server.substring("unix:".length()));
		Files.createDirectories(socket.getParent());
		Files.deleteIfExists(socket);
		Files.createDirectories(workDir);
		Path state = Files.createDirectories(workDir.resolve("pulse-state"));
		ProcessBuilder builder = new ProcessBuilder(DAEMON.toString(), "--daemonize=no", "--use-pid-file=false",
				"--exit-idle-time=-1", "--disallow-exit", "-n", "--log-target=stderr",
				"--load=module-native-protocol-unix auth-anonymous=1 socket=" + socket)
				.redirectErrorStream(true).redirectOutput(workDir.resolve("pulseaudio.log").toFile())
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
		// its state (cookie, device database) stays in the work directory
		builder.environment().putAll(Map.of("HOME", state.toString(), "XDG_RUNTIME_DIR", state.toString(),
				"XDG_CONFIG_HOME", state.toString()));
		PulseAudio pulse = new PulseAudio(builder.start(), server, workDir);
		long deadline = System.nanoTime() + READY.toNanos();
		while (!pulse.answers()) {
			if (!pulse.daemon.isAlive() || System.nanoTime() > deadline) {
				pulse.close();
				throw new IOException("PulseAudio did not answer on " + server + " within " + READY.toSeconds() + " s:\n"
						+ Processes.tail(workDir.resolve("pulseaudio.log"), 20));
			}
			Thread.sleep(100);
		}
		return pulse;
	}

	private boolean answers() {
		try {
			pactl("info");
			return true;
		} catch (IOException e) {
			return false;
		}
	}

	/**
	 * Adds a "speaker": a null sink whose sound can be {@linkplain #record recorded}.
	 *
	 * @return the module to {@linkplain #unload unload} to unplug it
	 */
	public int addSpeaker(String name, String description) throws IOException {
		return load("module-null-sink", "sink_name=" + name,
				"sink_properties=device.description=" + description.replace(' ', '_'));
	}

	/**
	 * Adds a "microphone" that hears a sine tone: a sine played into a null sink whose monitor is
	 * remapped into a source (PulseAudio's own sine source delivers its sound in 2 s blocks, unlike a
	 * real microphone; and monitors are not offered as microphones).
	 *
	 * @return the modules to {@linkplain #unload unload}, last first, to unplug it
	 */
	public List<Integer> addMicrophone(String name, String description, double frequencyHz) throws IOException {
		String feed = name + "_feed";
		int sink = load("module-null-sink", "sink_name=" + feed);
		int sine = load("module-sine", "sink=" + feed, "frequency=" + Math.round(frequencyHz));
		int source = load("module-remap-source", "master=" + feed + ".monitor", "source_name=" + name,
				"source_properties=device.description=" + description.replace(' ', '_'));
		return List.of(sink, sine, source);
	}

	/** Makes a source the default microphone. */
	public void setDefaultSource(String name) throws IOException {
		pactl("set-default-source", name);
	}

	/** Makes a sink the default speaker. */
	public void setDefaultSink(String name) throws IOException {
		pactl("set-default-sink", name);
	}

	/** Unloads a module: the devices it made go away, as when a headset is unplugged. */
	public void unload(int module) throws IOException {
		pactl("unload-module", Integer.toString(module));
	}

	/**
	 * Records what a sink plays, as 16-bit mono 8 kHz WAV, until {@link Recording#close()}; returns
	 * once sound is being written (parec takes about 2 s to start here).
	 */
	public Recording record(String sinkName, Path wav) throws IOException, InterruptedException {
		Files.deleteIfExists(wav);
		Process parec = new ProcessBuilder("parec", "--server=" + server, "-d", sinkName + ".monitor",
				"--rate=8000", "--channels=1", "--format=s16le", "--latency-msec=20", "--file-format=wav", wav.toString())
				.redirectErrorStream(true).redirectOutput(workDir.resolve("parec-" + sinkName + ".log").toFile())
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
		synchronized (recorders) {
			recorders.add(parec);
		}
		long deadline = System.nanoTime() + READY.toNanos();
		while (!Files.exists(wav) || Files.size(wav) < RECORDING_STARTED_BYTES) {
			if (!parec.isAlive() || System.nanoTime() > deadline) {
				Processes.terminate(parec.toHandle(), Duration.ofSeconds(3));
				throw new IOException("parec did not record " + sinkName + ".monitor within " + READY.toSeconds() + " s:\n"
						+ Processes.tail(workDir.resolve("parec-" + sinkName + ".log"), 20));
			}
			Thread.sleep(10);
		}
		return () -> Processes.terminate(parec.toHandle(), Duration.ofSeconds(3));
	}

	/** A recording in progress; closing it completes the file. */
	@FunctionalInterface
	public interface Recording extends AutoCloseable {
		@Override
		void close();
	}

	/** The output of {@code pactl} with the given arguments, e.g. {@code list short sources}. */
	public synchronized String pactl(String... arguments) throws IOException {
		List<String> command = new ArrayList<>(List.of(PACTL.toString(), "--server=" + server));
		command.addAll(List.of(arguments));
		Path out = workDir.resolve("pactl.out");
		Files.deleteIfExists(out);
		Processes.run(command, Map.of(), out, COMMAND, "pactl " + String.join(" ", arguments));
		return Files.readString(out);
	}

	/** Loads a module of the server, e.g. {@code module-filter-apply}; returns its index for {@link #unload}. */
	public int load(String module, String... arguments) throws IOException {
		List<String> command = new ArrayList<>(List.of("load-module", module));
		command.addAll(List.of(arguments));
		return Integer.parseInt(pactl(command.toArray(String[]::new)).trim());
	}

	/** Stops the recorders and the server by PID. */
	@Override
	public void close() {
		synchronized (recorders) {
			recorders.forEach(parec -> Processes.terminate(parec.toHandle(), Duration.ofSeconds(3)));
		}
		Processes.terminate(daemon.toHandle(), Duration.ofSeconds(5));
	}

	@Override
	public String toString() {
		return "PulseAudio[" + server + ", pid " + daemon.pid() + "]";
	}
}
