package org.parley.media.internal;

import java.util.Optional;
import java.util.function.Consumer;

import org.jitsi.service.neomedia.MediaService;
import org.jitsi.service.neomedia.SrtpControl;
import org.jitsi.service.neomedia.SrtpControlType;
import org.jitsi.service.neomedia.ZrtpControl;
import org.parley.core.media.MediaSecurity;
import org.parley.core.media.MediaSecurity.KeyExchange;

/**
 * The SRTP keys of one session agreed on the media path by ZRTP (RFC 6189), on libjitsi's
 * {@link ZrtpControl}: negotiating until the handshake ends, then the cipher and the short
 * authentication string. libjitsi reports on its own threads, hence the synchronisation.
 */
final class ZrtpKeys {

    private final ZrtpControl control;
    private final Consumer<MediaSecurity> changed;
    private Optional<String> cipher = Optional.empty();
    private boolean gaveUp;

    /** @param changed told the new security when the handshake ends or fails, on a libjitsi thread */
    ZrtpKeys(MediaService mediaService, Consumer<MediaSecurity> changed) {
        this.changed = changed;
        this.control = (ZrtpControl) mediaService.createSrtpControl(SrtpControlType.ZRTP);
        control.setMasterSession(true);
        control.setSrtpListener(new SrtpEvents("ZRTP", this::secured, this::failed));
    }

    /** The control every stream of the session encrypts with. */
    SrtpControl control() {
        return control;
    }

    synchronized MediaSecurity security() {
        if (cipher.isEmpty()) {
            return gaveUp ? new MediaSecurity.Unsecured() : new MediaSecurity.Negotiating(KeyExchange.ZRTP);
        }
        Optional<MediaSecurity.AuthenticationString> sas = Optional.ofNullable(control.getSecurityString())
                .map(text -> new MediaSecurity.AuthenticationString(text, control.isSecurityVerified()));
        return new MediaSecurity.Srtp(KeyExchange.ZRTP, cipher.get(), sas);
    }

    void setSasVerified(boolean verified) {
        synchronized (this) {
            if (cipher.isEmpty()) {
                throw new IllegalStateException("ZRTP has not agreed on keys yet: there is no string to verify");
            }
            control.setSASVerification(verified);
        }
        changed.accept(security());
    }

    private void secured(String agreed) {
        synchronized (this) {
            cipher = Optional.of(agreed);
        }
        changed.accept(security());
    }

    private void failed(String why) {
        synchronized (this) {
            if (cipher.isPresent() || gaveUp) {
                return;
            }
            gaveUp = true;
        }
        changed.accept(security());
    }
}
