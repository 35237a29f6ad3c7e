package org.parley.testkit.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Running helper programs for tests: a command to completion with a bound, and stopping a process
 * (and what it forked) by PID.
 */
public final class Processes {

	private Processes() {
	}

	/**
	 * Runs {@code command} with its output appended to {@code log}, no standard input, and waits at
	 * most {@code timeout}.
	 *
	 * @param environment extra environment variables
	 * @param context     what the command is for, put at the head of the exception's message
	 * @throws IOException if it cannot start, times out (it is stopped then) or exits non-zero; the
	 *                     message ends with the tail of the log
	 */
	public static void run(List<String> command, Map<String, String> environment, Path log, Duration timeout,
			String context) throws IOException {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
		builder.environment().putAll(environment);
		Process process = builder.start();
		try {
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				terminate(process.toHandle(), Duration.ofSeconds(5));
				throw new IOException(context + "; timed out: " + String.join(" ", command) + "\n" + tail(log, 20));
			}
		} catch (InterruptedException e) {
			terminate(process.toHandle(), Duration.ofSeconds(5));
			Thread.currentThread().interrupt();
			throw new IOException("interrupted: " + String.join(" ", command), e);
		}
		if (process.exitValue() != 0) {
			throw new IOException(context + "; failed (exit " + process.exitValue() + "): "
					+ String.join(" ", command) + "\n" + tail(log, 20));
		}
	}

	/**
	 * Stops a process by PID: SIGTERM, SIGKILL if it is still there after {@code grace}; then the
	 * processes it had forked, which a well-behaved main process stops itself.
	 */
	public static void terminate(ProcessHandle main, Duration grace) {
		List<ProcessHandle> children = main.descendants().toList();
		main.destroy();
		if (!awaitExit(main, grace)) {
			main.destroyForcibly();
			awaitExit(main, Duration.ofSeconds(5));
		}
		for (ProcessHandle child : children) {
			if (!awaitExit(child, Duration.ofSeconds(2))) {
				child.destroyForcibly();
				awaitExit(child, Duration.ofSeconds(2));
			}
		}
	}

	/** Whether the process exited within {@code timeout}. */
	public static boolean awaitExit(ProcessHandle handle, Duration timeout) {
		try {
			handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		} catch (TimeoutException | ExecutionException e) {
			return !handle.isAlive();
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return !handle.isAlive();
		}
	}

	/** The last {@code lines} lines of a text file, or a note saying why there are none. */
	public static String tail(Path file, int lines) {
		try {
			if (!Files.exists(file)) {
				return "(no " + file + ")";
			}
			List<String> all = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
			return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
		} catch (IOException | UncheckedIOException e) {
			return "(cannot read " + file + ": " + e + ")";
		}
	}
}
