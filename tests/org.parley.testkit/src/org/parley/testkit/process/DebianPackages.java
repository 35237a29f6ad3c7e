package org.parley.testkit.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Installs the Debian packages a test server needs (Kamailio, SIPp) with apt-get when they are
 * missing and the tests run as root; one installation at a time.
 */
public final class DebianPackages {

	private static final Object INSTALL_LOCK = new Object();

	private DebianPackages() {
	}

	/**
	 * Makes sure {@code packages} are installed.
	 *
	 * @param product   what they are, for messages (e.g. "Kamailio")
	 * @param installed tells whether one package is there (e.g. its binary is executable)
	 * @param allowed   whether apt-get may be run at all
	 * @param logDir    where {@code apt.log} goes
	 * @throws IOException naming the missing packages and the command to install them, if they are
	 *                     missing and cannot be installed (not root, not allowed, apt-get failed)
	 */
	public static void ensureInstalled(String product, List<String> packages, Predicate<String> installed,
			boolean allowed, Path logDir, Duration timeout) throws IOException {
		synchronized (INSTALL_LOCK) {
			List<String> missing = missing(packages, installed);
			if (missing.isEmpty()) {
				return;
			}
			String what = product + " is not installed (missing: " + String.join(" ", missing)
					+ "); install it with: apt-get install -y " + String.join(" ", packages);
			if (!allowed || !isRoot()) {
				throw new IOException(what);
			}
			Files.createDirectories(logDir);
			Path aptLog = logDir.resolve("apt.log");
			Files.deleteIfExists(aptLog);
			Map<String, String> quiet = Map.of("DEBIAN_FRONTEND", "noninteractive");
			Processes.run(List.of("apt-get", "update"), quiet, aptLog, timeout, what);
			List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "--no-install-recommends"));
			install.addAll(packages);
			Processes.run(install, quiet, aptLog, timeout, what);
			missing = missing(packages, installed);
			if (!missing.isEmpty()) {
				throw new IOException(
						what + "; apt-get did not install " + missing + ":\n" + Processes.tail(aptLog, 20));
			}
		}
	}

	/**
	 * Whether dpkg says the package is installed; {@code withoutDpkg} on a machine without dpkg
	 * (not Debian), where the caller's own check is all there is.
	 */
	public static boolean isInstalled(String pkg, boolean withoutDpkg) {
		try {
			Process p = new ProcessBuilder("dpkg-query", "-W", "-f=${db:Status-Status}", pkg)
					.redirectErrorStream(true).start();
			String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			if (!p.waitFor(30, TimeUnit.SECONDS)) {
				p.destroyForcibly();
				return false;
			}
			return p.exitValue() == 0 && out.equals("installed");
		} catch (IOException e) {
			return withoutDpkg;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** Whether this process runs as root (and so may run apt-get). */
	public static boolean isRoot() {
		try {
			Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
			String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			p.waitFor(10, TimeUnit.SECONDS);
			return out.equals("0");
		} catch (IOException e) {
			return false;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static List<String> missing(List<String> packages, Predicate<String> installed) {
		return packages.stream().filter(installed.negate()).toList();
	}
}
