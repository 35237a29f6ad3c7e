package org.parley.sip.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import org.parley.core.Address;
import org.parley.core.account.AccountId;
import org.parley.core.media.AudioSink;
import org.parley.core.media.AudioSource;
import org.parley.core.media.MediaSecurity.KeyExchange;
import org.parley.core.media.SrtpPolicy;
import org.parley.core.media.VideoSource;
import org.parley.sip.internal.sdp.CodecPreferences;

/**
 * A SIP account's settings, checked and completed: what {@link SipAccountConfig} says, with the
 * defaults derived from the address filled in.
 */
record AccountSettings(AccountId id, Address address, String user, String domain, String displayName,
        String authUser, HostPort registrar, String outboundProxy, Transport transport, Duration expiry,
        Duration keepAlive, boolean registerOnStart, boolean autoAnswer, AudioSource audioSource,
        AudioSink audioSink, CodecPreferences codecs, SrtpPolicy srtp, KeyExchange srtpKeyExchange, String localAddress,
        int localPort, boolean trace, String traceFile,
        Optional<String> pinnedCertificate, Optional<Path> tlsCaFile, Optional<HostPort> stunServer, boolean rtcpMux,
        VideoPolicy video, VideoSource videoSource, boolean ice, Optional<HostPort> turnServer, String turnUser) {

    /** The port of STUN servers (RFC 5389) when the setting gives none. */
    static final int STUN_PORT = 3478;

    /**
     * @throws IllegalArgumentException with a message for the user if a setting is unusable
     */
    static AccountSettings from(SipAccountConfig config) {
        AccountId id = new AccountId(config.parley_account_id());
        Address address = Address.parse(config.address(), "sip");
        String scheme = address.scheme();
        if (!scheme.equals("sip") && !scheme.equals("sips")) {
            throw new IllegalArgumentException("A SIP account's address starts with sip: or sips:, not " + scheme + ":");
        }
        String rest = address.schemeSpecificPart();
        int semicolon = rest.indexOf(';');
        String userAtHost = semicolon < 0 ? rest : rest.substring(0, semicolon);
        int at = userAtHost.lastIndexOf('@');
        if (at <= 0 || at == userAtHost.length() - 1) {
            throw new IllegalArgumentException("A SIP account's address is user@domain: " + address);
        }
        String user = userAtHost.substring(0, at);
        String domain = userAtHost.substring(at + 1).toLowerCase(Locale.ROOT);
        Transport transport = scheme.equals("sips") ? Transport.TLS : config.transport();
        HostPort registrar = HostPort.parse(config.registrar().isBlank() ? domain : config.registrar());
        if (config.registrationExpiry() < 30) {
            throw new IllegalArgumentException("The registration expiry is at least 30 s");
        }
        return new AccountSettings(id, address, user, domain, config.displayName(),
                config.authUser().isBlank() ? user : config.authUser(), registrar, config.outboundProxy().strip(),
                transport, Duration.ofSeconds(config.registrationExpiry()),
                Duration.ofSeconds(Math.max(0, config.keepAliveInterval())), config.register(), config.autoAnswer(),
                MediaSettings.source(config.audioSource()), MediaSettings.sink(config.audioSink()),
                CodecPreferences.parse(config.codecs()), SrtpPolicy.parse(config.srtp()),
                keyExchange(config.srtpKeyExchange()),
                config.localAddress().strip(), config.localPort(), config.sipTrace(), config.sipTraceFile().strip(),
                optional(config.tlsPinnedCertificate()), optional(config.tlsCaFile()).map(Path::of),
                optional(config.stunServer()).map(HostPort::parse), config.rtcpMux(), VideoPolicy.parse(config.video()),
                MediaSettings.videoSource(config.videoSource()), config.ice(),
                optional(config.turnServer()).map(HostPort::parse),
                config.turnUser().isBlank() ? (config.authUser().isBlank() ? user : config.authUser()) : config.turnUser());
    }

    private static KeyExchange keyExchange(String setting) {
        return switch (setting.strip().toLowerCase(Locale.ROOT)) {
            case "", "sdes" -> KeyExchange.SDES;
            case "zrtp" -> KeyExchange.ZRTP;
            case "dtls" -> KeyExchange.DTLS;
            default -> throw new IllegalArgumentException("The SRTP key exchange is sdes, zrtp or dtls, not " + setting);
        };
    }

    /** The host the account's requests go to first: its outbound proxy, else its registrar. */
    HostPort firstHop() {
        return outboundProxy.isEmpty() ? registrar : HostPort.parse(outboundProxy);
    }

    /**
     * Where requests outside a dialog go first ({@code host[:port]}), whatever their address: the
     * outbound proxy; else, for an account that registers, its registrar (so that calls use the
     * server's transport and its authentication, as users of a server expect); else nowhere in
     * particular (empty), so they go straight to the address called.
     */
    String requestRoute() {
        if (!outboundProxy.isEmpty()) {
            return outboundProxy;
        }
        return registerOnStart ? registrar.toString() : "";
    }

    /**
     * The host (and port) of the account's own address in the requests it sends. A serverless
     * account is reached where it listens: when its address names no port and it listens on another
     * than the transport's default port, that port is added, so that replies (a message answered,
     * a call returned) find it.
     */
    String ownHost(int listeningPort) {
        boolean serverless = requestRoute().isEmpty();
        if (!serverless || listeningPort <= 0 || listeningPort == transport.defaultPort()
                || HostPort.parse(domain).port().isPresent()) {
            return domain;
        }
        return domain + ":" + listeningPort;
    }

    private static Optional<String> optional(String setting) {
        return setting.isBlank() ? Optional.empty() : Optional.of(setting.strip());
    }
}
