package org.parley.core.media;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a call asks of the media engine when it opens a session.
 *
 * @param localAddress the local address to receive RTP on (the one the call's SDP announces)
 * @param source       where the audio to send comes from
 * @param sink         where received audio goes
 * @param dtmfReceived called with each keypad digit the far end sends (RFC 4733), on an engine thread
 * @param securityChanged called when the session's {@link MediaSession#security()} changes by itself
 *                        (ZRTP's handshake ends or fails), on an engine thread
 * @param stunServer   a STUN server (RFC 5389) that tells the session its public address behind a NAT
 *                     ({@link MediaSession#publicRtpAddress()}); empty: the local address is public
 * @param ice          whether the session gathers ICE candidates (then also from the STUN server), and its
 *                     TURN server
 * @param failed       called with the reason when the session's media cannot flow any more (ICE found no
 *                     working pair), on an engine thread
 */
public record MediaSessionOptions(InetAddress localAddress, AudioSource source, AudioSink sink,
        Consumer<Character> dtmfReceived, Consumer<MediaSecurity> securityChanged,
        Optional<InetSocketAddress> stunServer, IceSettings ice, Consumer<String> failed) {

    public MediaSessionOptions {
        Objects.requireNonNull(localAddress, "localAddress");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(dtmfReceived, "dtmfReceived");
        Objects.requireNonNull(securityChanged, "securityChanged");
        Objects.requireNonNull(stunServer, "stunServer");
        Objects.requireNonNull(ice, "ice");
        Objects.requireNonNull(failed, "failed");
    }

    /** Options without ICE. */
    public MediaSessionOptions(InetAddress localAddress, AudioSource source, AudioSink sink,
            Consumer<Character> dtmfReceived, Consumer<MediaSecurity> securityChanged,
            Optional<InetSocketAddress> stunServer) {
        this(localAddress, source, sink, dtmfReceived, securityChanged, stunServer, IceSettings.OFF, reason -> { });
    }

    /** Options without a STUN server. */
    public MediaSessionOptions(InetAddress localAddress, AudioSource source, AudioSink sink,
            Consumer<Character> dtmfReceived, Consumer<MediaSecurity> securityChanged) {
        this(localAddress, source, sink, dtmfReceived, securityChanged, Optional.empty());
    }

    /** Options for a session whose owner does not follow its security. */
    public MediaSessionOptions(InetAddress localAddress, AudioSource source, AudioSink sink,
            Consumer<Character> dtmfReceived) {
        this(localAddress, source, sink, dtmfReceived, security -> { });
    }
}
