package org.parley.media.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where this user's PulseAudio server (or PipeWire's PulseAudio server) listens, looked up the way
 * PulseAudio's client library does, so that libjitsi's PulseAudio system is only started when it can
 * connect: without a server it would log a failure with a stack trace at every start.
 */
final class PulseAudioServer {

    static final String ENVIRONMENT = "PULSE_SERVER";
    private static final Path SYSTEM_SOCKET = Path.of("/run/pulse/native");

    private PulseAudioServer() {
    }

    /**
     * The server's address: {@code PULSE_SERVER} if set (a {@code unix:} socket only if it exists),
     * else the per-user socket under {@code XDG_RUNTIME_DIR}, else the system-wide socket; empty if
     * none exists.
     */
    static Optional<String> find(Map<String, String> environment) {
        String configured = environment.getOrDefault(ENVIRONMENT, "").trim();
        if (!configured.isEmpty()) {
            if (configured.startsWith("unix:")) {
                return socket(Path.of(configured.substring("unix:".length())));
            }
            return Optional.of(configured); // a TCP address or a list: only connecting tells
        }
        String runtimeDirectory = environment.getOrDefault("XDG_RUNTIME_DIR", "").trim();
        if (!runtimeDirectory.isEmpty()) {
            Optional<String> perUser = socket(Path.of(runtimeDirectory, "pulse", "native"));
            if (perUser.isPresent()) {
                return perUser;
            }
        }
        return socket(SYSTEM_SOCKET);
    }

    private static Optional<String> socket(Path path) {
        return Files.exists(path) ? Optional.of("unix:" + path) : Optional.empty();
    }
}
