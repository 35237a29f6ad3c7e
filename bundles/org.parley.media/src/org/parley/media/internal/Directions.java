package org.parley.media.internal;

import org.parley.core.media.MediaDirection;

/** Parley's media directions in libjitsi's terms. */
final class Directions {

    private Directions() {
    }

    static org.jitsi.service.neomedia.MediaDirection toLibJitsi(MediaDirection direction) {
        return switch (direction) {
            case SEND_RECEIVE -> org.jitsi.service.neomedia.MediaDirection.SENDRECV;
            case SEND_ONLY -> org.jitsi.service.neomedia.MediaDirection.SENDONLY;
            case RECEIVE_ONLY -> org.jitsi.service.neomedia.MediaDirection.RECVONLY;
            case INACTIVE -> org.jitsi.service.neomedia.MediaDirection.INACTIVE;
        };
    }
}
