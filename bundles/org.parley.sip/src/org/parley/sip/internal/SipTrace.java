package org.parley.sip.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Writes every SIP message an account sends or receives to a log file, with time, direction,
 * transport and addresses, for troubleshooting. A trace that is off writes nothing.
 */
final class SipTrace implements AutoCloseable {

    private final BufferedWriter out;

    private SipTrace(BufferedWriter out) {
        this.out = out;
    }

    static SipTrace off() {
        return new SipTrace(null);
    }

    static SipTrace to(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return new SipTrace(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND));
    }

    boolean enabled() {
        return out != null;
    }

    /**
     * @param direction {@code sent} or {@code received}
     * @param local     the local address, e.g. {@code 127.0.0.1:5060}
     * @param remote    the remote address (for sent requests: the next hop)
     */
    synchronized void log(String direction, String transport, String local, String remote, String message) {
        if (out == null) {
            return;
        }
        try {
            String arrow = direction.equals("sent") ? " -> " : " <- ";
            out.write("--- " + Instant.now() + " " + direction + " " + transport + " " + local + arrow + remote);
            out.newLine();
            out.write(message.replace("\r\n", "\n"));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            // a trace that cannot be written must not break calls; the next message tries again
        }
    }

    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // nothing more to do
            }
        }
    }
}
