package org.parley.media.internal.audio;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

import org.parley.media.libjitsi.natives.OpusFrames;

/**
 * Writes 16-bit mono PCM into an Ogg Opus file (RFC 7845): the identification and comment headers,
 * then one 20 ms Opus packet per Ogg page (RFC 3533), the last page marked as the end of the stream.
 * The encoder runs at the rate of the first audio (8, 16 or 48 kHz as the call's codec decodes);
 * audio at another rate later is left out, as in {@link WavFileSink}.
 */
final class OggOpusSink implements SampleSink {

    private static final int BITRATE = 32_000;
    /** The encoder's look-ahead at 48 kHz, which players skip at the start (RFC 7845 section 4.2). */
    private static final int PRE_SKIP = 312;
    private static final int GRANULE_RATE = 48_000;

    private final OutputStream out;
    private final int serial = ThreadLocalRandom.current().nextInt();
    private OpusFrames encoder;
    private int sampleRate;
    private byte[] frame;
    private int framed;
    private byte[] pending;
    private long granule = PRE_SKIP;
    private int pageSequence;
    private boolean closed;

    /** @throws IOException if the file cannot be created or libjitsi's Opus library is not there */
    OggOpusSink(Path file) throws IOException {
        try {
            new OpusFrames(GRANULE_RATE, BITRATE).close();
        } catch (IllegalStateException e) {
            throw new IOException("an Ogg Opus recording needs Opus: " + e.getMessage(), e);
        }
        this.out = Files.newOutputStream(file);
    }

    @Override
    public synchronized void write(byte[] data, int offset, int length, int rate) {
        if (closed || length <= 0) {
            return;
        }
        try {
            if (encoder == null) {
                start(rate);
            } else if (rate != sampleRate) {
                return;
            }
            int even = length & ~1;
            for (int i = 0; i < even; ) {
                int copied = Math.min(frame.length - framed, even - i);
                System.arraycopy(data, offset + i, frame, framed, copied);
                framed += copied;
                i += copied;
                if (framed == frame.length) {
                    encodeFrame();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void start(int rate) throws IOException {
        sampleRate = rate;
        encoder = new OpusFrames(rate, BITRATE);
        frame = new byte[2 * rate / 50];
        writePage(identificationHeader(rate), 0, 0x02);
        writePage(commentHeader(), 0, 0);
    }

    /** Encodes the full frame; the packet before it is written now that it is not the last. */
    private void encodeFrame() throws IOException {
        byte[] packet = encoder.encode(frame, 0, frame.length / 2);
        framed = 0;
        if (pending != null) {
            writePage(pending, granule, 0);
        }
        pending = packet;
        granule += GRANULE_RATE / 50;
    }

    /** Encodes what is left (padded with silence) and writes the last page. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (out) {
            if (encoder == null) {
                return;
            }
            if (framed > 0) {
                java.util.Arrays.fill(frame, framed, frame.length, (byte) 0);
                encodeFrame();
            }
            if (pending != null) {
                writePage(pending, granule, 0x04);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (encoder != null) {
                encoder.close();
            }
        }
    }

    private static byte[] identificationHeader(int inputRate) {
        ByteBuffer head = ByteBuffer.allocate(19).order(ByteOrder.LITTLE_ENDIAN);
        head.put("OpusHead".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 1)
                .putShort((short) PRE_SKIP).putInt(inputRate).putShort((short) 0).put((byte) 0);
        return head.array();
    }

    private static byte[] commentHeader() {
        byte[] vendor = "Parley".getBytes(StandardCharsets.UTF_8);
        ByteBuffer tags = ByteBuffer.allocate(8 + 4 + vendor.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        tags.put("OpusTags".getBytes(StandardCharsets.US_ASCII)).putInt(vendor.length).put(vendor).putInt(0);
        return tags.array();
    }

    /** Writes one page holding one packet (RFC 3533 section 6). */
    private void writePage(byte[] packet, long granulePosition, int flags) throws IOException {
        int segments = packet.length / 255 + 1;
        ByteBuffer page = ByteBuffer.allocate(27 + segments + packet.length).order(ByteOrder.LITTLE_ENDIAN);
        page.put("OggS".getBytes(StandardCharsets.US_ASCII)).put((byte) 0).put((byte) flags).putLong(granulePosition)
                .putInt(serial).putInt(pageSequence++).putInt(0).put((byte) segments);
        for (int i = 0; i < segments - 1; i++) {
            page.put((byte) 255);
        }
        page.put((byte) (packet.length % 255));
        page.put(packet);
        byte[] bytes = page.array();
        int crc = OggCrc.of(bytes);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(22, crc);
        out.write(bytes);
    }

    /** The CRC-32 of Ogg pages: polynomial 0x04C11DB7, not reflected, initial value 0. */
    static final class OggCrc {
        private static final int[] TABLE = new int[256];

        static {
            for (int i = 0; i < 256; i++) {
                int r = i << 24;
                for (int bit = 0; bit < 8; bit++) {
                    r = (r & 0x80000000) != 0 ? (r << 1) ^ 0x04C11DB7 : r << 1;
                }
                TABLE[i] = r;
            }
        }

        private OggCrc() {
        }

        static int of(byte[] bytes) {
            int crc = 0;
            for (byte b : bytes) {
                crc = (crc << 8) ^ TABLE[((crc >>> 24) ^ b) & 0xff];
            }
            return crc;
        }
    }
}
