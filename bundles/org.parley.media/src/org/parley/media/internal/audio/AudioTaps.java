package org.parley.media.internal.audio;

import java.util.Optional;

/**
 * Where one session's audio is tapped on its way: what it is about to send (a conference adds the
 * other far ends to it, then the recording takes it) and what it received (for the recording and the
 * conference). Taps are called on media threads; recording and conference change from any thread.
 */
public final class AudioTaps implements AutoCloseable {

    private final CallRecording recording = new CallRecording();
    private volatile Optional<Conference.Member> conference = Optional.empty();

    /** The session's recording switch. */
    public CallRecording recording() {
        return recording;
    }

    /** The session's place in a local conference, if it is in one. */
    public Optional<Conference.Member> conference() {
        return conference;
    }

    /** Puts the session in a conference (or out of one, with empty), leaving the one it was in. */
    public synchronized void setConference(Optional<Conference.Member> member) {
        conference.ifPresent(Conference.Member::leave);
        conference = member;
    }

    /** Mixes the conference into the samples (at {@code sampleRate}) the session is about to send, and records them. */
    public void sending(short[] samples, int offset, int length, int sampleRate) {
        conference.ifPresent(member -> member.mixInto(samples, offset, length, sampleRate));
        recording.sent(samples, offset, length, sampleRate);
    }

    /** Whether received audio is wanted: a recording runs or the session is in a conference. */
    public boolean wantsReceived() {
        return recording.file().isPresent() || conference.isPresent();
    }

    /** Takes the audio this session received (16-bit signed little-endian mono PCM). */
    public void received(byte[] data, int offset, int length, int sampleRate) {
        recording.received(data, offset, length, sampleRate);
        Optional<Conference.Member> member = conference;
        if (member.isPresent()) {
            short[] samples = new short[length / 2];
            for (int i = 0; i < samples.length; i++) {
                samples[i] = (short) ((data[offset + 2 * i] & 0xff) | (data[offset + 2 * i + 1] << 8));
            }
            member.get().heard(samples, 0, samples.length, sampleRate);
        }
    }

    /** Completes the recording and leaves the conference. */
    @Override
    public void close() {
        setConference(Optional.empty());
        recording.close();
    }
}
