package org.parley.media.internal.jmf;

import javax.media.Player;
import javax.media.Processor;
import javax.media.control.TrackControl;

import org.jitsi.impl.neomedia.device.AbstractMediaDevice;
import org.jitsi.impl.neomedia.device.AudioMediaDeviceSession;
import org.jitsi.service.neomedia.control.FECDecoderControl;

/**
 * libjitsi's audio device session, able to say how many lost packets its decoders rebuilt from
 * forward error correction. libjitsi's own count ({@code MediaStreamStats.getNbFec()}) only looks
 * into sessions on an audio mixer device and is 0 for every other device.
 */
public final class FecCountingSession extends AudioMediaDeviceSession {

    FecCountingSession(AbstractMediaDevice device) {
        super(device);
    }

    /** The packets the decoders of all received streams rebuilt from in-band FEC (Opus) so far. */
    public long fecPacketsDecoded() {
        long decoded = 0;
        for (Player player : getPlayers()) {
            if (!(player instanceof Processor processor) || processor.getState() < Processor.Realized) {
                continue;
            }
            TrackControl[] tracks = processor.getTrackControls();
            for (TrackControl track : tracks == null ? new TrackControl[0] : tracks) {
                for (Object control : track.getControls()) {
                    if (control instanceof FECDecoderControl fec) {
                        decoded += fec.fecPacketsDecoded();
                    }
                }
            }
        }
        return decoded;
    }
}
