package org.parley.sip.messaging.tests;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A SIP peer on a UDP socket of 127.0.0.1 that the test plays: it keeps every MESSAGE it gets
 * (retransmissions once) and answers them as the test says: not at all, 200 or 413. Just enough
 * SIP for a non-INVITE transaction: the response copies Via, From, To (with a tag), Call-ID and
 * CSeq and goes back to where the request came from.
 */
final class SipPeer implements AutoCloseable {

    /** How the peer answers the MESSAGEs it gets. */
    enum Answer {
        SILENT(0, ""), OK(200, "OK"), TOO_LARGE(413, "Request Entity Too Large");

        final int code;
        final String reason;

        Answer(int code, String reason) {
            this.code = code;
            this.reason = reason;
        }
    }

    /** A request the peer got: its Call-ID and CSeq (which tell retransmissions apart), headers text and body. */
    record Received(String callIdAndCseq, String head, String body) {
        boolean isComposing() {
            return head.toLowerCase(Locale.ROOT).contains("im-iscomposing+xml");
        }
    }

    private final DatagramSocket socket;
    private final Thread reader;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    private final java.util.Set<String> answered = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile Answer answer = Answer.OK;

    SipPeer() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        reader = new Thread(this::run, "sip-peer");
        reader.setDaemon(true);
        reader.start();
    }

    /** {@code sip:<user>@127.0.0.1:<port>}. */
    String uri(String user) {
        return "sip:" + user + "@127.0.0.1:" + socket.getLocalPort();
    }

    void answer(Answer how) {
        answer = how;
    }

    /** The next new request that matches, if one comes within {@code millis}; others are skipped. */
    Optional<Received> next(Predicate<Received> wanted, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            Received request = received.poll(left, TimeUnit.NANOSECONDS);
            if (request != null && wanted.test(request)) {
                return Optional.of(request);
            }
        }
    }

    /** The new requests that came within {@code millis}. */
    List<Received> within(long millis) throws InterruptedException {
        List<Received> all = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (true) {
            long left = deadline - System.nanoTime();
            Received request = left > 0 ? received.poll(left, TimeUnit.NANOSECONDS) : received.poll();
            if (request == null) {
                return all;
            }
            all.add(request);
        }
    }

    private void run() {
        byte[] buffer = new byte[65_536];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
                if (text.startsWith("MESSAGE ")) {
                    take(text, packet);
                }
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void take(String text, DatagramPacket packet) throws IOException {
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        String body = end < 0 ? "" : text.substring(end + 4);
        String key = header(head, "call-id") + " " + header(head, "cseq");
        synchronized (seen) {
            if (!seen.contains(key)) {
                seen.add(key);
                received.add(new Received(key, head, body));
            }
        }
        Answer how = answer;
        if (how == Answer.SILENT) {
            return;
        }
        StringBuilder response = new StringBuilder("SIP/2.0 " + how.code + " " + how.reason + "\r\n");
        for (String line : head.split("\r\n")) {
            String name = line.contains(":") ? line.substring(0, line.indexOf(':')).strip().toLowerCase(Locale.ROOT) : "";
            switch (name) {
                case "via", "from", "call-id", "cseq" -> response.append(line).append("\r\n");
                case "to" -> response.append(line).append(line.contains(";tag=") ? "" : ";tag=peer").append("\r\n");
                default -> {
                }
            }
        }
        response.append("Content-Length: 0\r\n\r\n");
        byte[] bytes = response.toString().getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(bytes, bytes.length, packet.getSocketAddress()));
        answered.add(key);
    }

    /** Whether the peer answers (a retransmission of) {@code request} within {@code millis}. */
    boolean answers(Received request, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!answered.contains(request.callIdAndCseq())) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    private static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).strip();
            }
        }
        return "";
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        reader.join(5_000);
    }
}
