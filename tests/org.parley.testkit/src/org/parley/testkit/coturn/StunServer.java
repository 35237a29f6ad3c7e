package org.parley.testkit.coturn;

import java.io.File;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.parley.testkit.network.Ports;
import org.parley.testkit.process.DebianPackages;
import org.parley.testkit.process.Processes;

/**
 * coturn's {@code turnserver} on a free loopback port, as a STUN-only server (RFC 5389) or as a TURN
 * server (RFC 8656) with one long-term credential that relays on loopback: installed with apt-get when
 * missing (as root), started in a work directory (its log there), ready once it answers a Binding
 * request, stopped by PID on {@link #close()}.
 */
public final class StunServer implements AutoCloseable {

	private static final Path TURNSERVER = Path.of("/usr/bin/turnserver");
	private static final Duration READY = Duration.ofSeconds(10);

	private final Process process;
	private final int port;
	private final Path log;

	private StunServer(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
	}

	/** Installs coturn if needed and starts a STUN server whose files go to {@code workDir}. */
	public static StunServer start(Path workDir) throws IOException, InterruptedException {
		return start(workDir, List.of("--stun-only"));
	}

	/**
	 * Installs coturn if needed and starts a TURN server (and STUN) that takes {@code user} with
	 * {@code password} (realm {@code parley.test}) and relays on 127.0.0.1, to loopback peers too.
	 */
	public static StunServer startTurn(Path workDir, String user, String password)
			throws IOException, InterruptedException {
		return start(workDir, List.of("--verbose", "--relay-ip=127.0.0.1", "--user=" + user + ":" + password,
				"--realm=parley.test", "--lt-cred-mech", "--no-tcp-relay", "--allow-loopback-peers",
				"--no-multicast-peers"));
	}

	private static StunServer start(Path workDir, List<String> mode) throws IOException, InterruptedException {
		DebianPackages.ensureInstalled("coturn", List.of("coturn"), pkg -> Files.isExecutable(TURNSERVER), true,
				workDir, Duration.ofMinutes(5));
		Files.createDirectories(workDir);
		int port = Ports.freeUdpPort();
		Path log = workDir.resolve("turnserver.log");
		List<String> command = new ArrayList<>(List.of(TURNSERVER.toString(), "-n",
				"--listening-ip=127.0.0.1", "--listening-port=" + port));
		command.addAll(mode);
		command.addAll(List.of("--no-tls", "--no-dtls", "--no-cli", "--simple-log", "--log-file=" + log,
				"--pidfile=" + workDir.resolve("turnserver.pid")));
		Process process = new ProcessBuilder(command)
				.redirectErrorStream(true).redirectOutput(workDir.resolve("turnserver-screen.log").toFile())
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
		StunServer server = new StunServer(process, port, log);
		long deadline = System.nanoTime() + READY.toNanos();
		while (!server.answers()) {
			if (!process.isAlive() || System.nanoTime() > deadline) {
				server.close();
				throw new IOException("coturn did not answer STUN on 127.0.0.1:" + port + " within " + READY.toSeconds()
						+ " s:\n" + Processes.tail(log, 20));
			}
			Thread.sleep(100);
		}
		return server;
	}

	/** Where the server listens. */
	public InetSocketAddress address() {
		return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
	}

	/** Whether a Binding request gets a Binding success (0x0101) within 200 ms. */
	private boolean answers() {
		try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
			socket.setSoTimeout(200);
			byte[] request = ByteBuffer.allocate(20).putShort((short) 1).putShort((short) 0).putInt(0x2112A442)
					.putLong(System.nanoTime()).putInt(port).array();
			socket.send(new DatagramPacket(request, request.length, address()));
			byte[] buffer = new byte[1500];
			DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
			socket.receive(answer);
			return answer.getLength() >= 20 && buffer[0] == 0x01 && buffer[1] == 0x01;
		} catch (SocketTimeoutException e) {
			return false;
		} catch (IOException e) {
			return false;
		}
	}

	/** Stops the server by PID (SIGTERM, then SIGKILL). */
	@Override
	public void close() {
		if (process.isAlive()) {
			Processes.terminate(process.toHandle(), Duration.ofSeconds(3));
		}
	}

	@Override
	public String toString() {
		return "coturn[" + address() + ", pid " + process.pid() + ", log " + log + "]";
	}
}
