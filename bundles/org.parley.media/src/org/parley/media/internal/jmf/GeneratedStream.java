package org.parley.media.internal.jmf;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import javax.media.Buffer;
import javax.media.Format;
import javax.media.format.AudioFormat;
import javax.media.protocol.BufferTransferHandler;
import javax.media.protocol.ContentDescriptor;
import javax.media.protocol.PushBufferStream;

import org.parley.media.internal.audio.AudioTaps;
import org.parley.media.internal.audio.SampleGenerator;

/**
 * A push stream that delivers 20 ms of generated samples every 20 ms of wall-clock time, on a
 * daemon thread of its own while started, after the session's taps (conference, recording) had them.
 */
final class GeneratedStream implements PushBufferStream {

    private static final long FRAME_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final AudioFormat format;
    private final Supplier<SampleGenerator> generators;
    private final AudioTaps taps;
    private final short[] samples;
    private SampleGenerator generator;
    private volatile BufferTransferHandler transferHandler;
    private Thread thread;
    private long sequence;

    GeneratedStream(AudioFormat format, Supplier<SampleGenerator> generators, AudioTaps taps) {
        this.format = format;
        this.generators = generators;
        this.taps = taps;
        this.samples = new short[(int) format.getSampleRate() / 50];
    }

    @Override
    public Format getFormat() {
        return format;
    }

    @Override
    public synchronized void read(Buffer buffer) {
        if (generator == null) {
            generator = generators.get();
        }
        generator.fill(samples, 0, samples.length);
        taps.sending(samples, 0, samples.length, (int) format.getSampleRate());
        int length = samples.length * 2;
        Object data = buffer.getData();
        byte[] bytes = data instanceof byte[] existing && existing.length >= length ? existing : new byte[length];
        for (int i = 0; i < samples.length; i++) {
            bytes[2 * i] = (byte) samples[i];
            bytes[2 * i + 1] = (byte) (samples[i] >> 8);
        }
        buffer.setData(bytes);
        buffer.setOffset(0);
        buffer.setLength(length);
        buffer.setFormat(format);
        buffer.setSequenceNumber(sequence++);
        buffer.setTimeStamp(System.nanoTime());
        buffer.setFlags(Buffer.FLAG_SYSTEM_TIME | Buffer.FLAG_LIVE_DATA);
        buffer.setDuration(FRAME_NANOS);
    }

    @Override
    public void setTransferHandler(BufferTransferHandler handler) {
        this.transferHandler = handler;
    }

    synchronized void start() {
        if (thread != null) {
            return;
        }
        thread = new Thread(this::run, "parley-media-source");
        thread.setDaemon(true);
        thread.setPriority(Thread.MAX_PRIORITY);
        thread.start();
    }

    void stop() {
        Thread running;
        synchronized (this) {
            running = thread;
            thread = null;
        }
        if (running != null && running != Thread.currentThread()) {
            running.interrupt();
            try {
                running.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private synchronized boolean running() {
        return thread == Thread.currentThread();
    }

    private void run() {
        long next = System.nanoTime();
        while (running()) {
            BufferTransferHandler handler = transferHandler;
            if (handler != null) {
                handler.transferData(this);
            }
            next += FRAME_NANOS;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else if (wait < -10 * FRAME_NANOS) {
                next = System.nanoTime(); // fell far behind (suspended): do not burst
            }
            if (Thread.interrupted() && !running()) {
                return;
            }
        }
    }

    @Override
    public ContentDescriptor getContentDescriptor() {
        return new ContentDescriptor(ContentDescriptor.RAW);
    }

    @Override
    public long getContentLength() {
        return LENGTH_UNKNOWN;
    }

    @Override
    public boolean endOfStream() {
        return false;
    }

    @Override
    public Object[] getControls() {
        return new Object[0];
    }

    @Override
    public Object getControl(String controlType) {
        return null;
    }
}
