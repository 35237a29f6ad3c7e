package org.parley.sip.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * A SIP account's settings: the properties of a ConfigurationAdmin factory configuration with
 * the factory PID {@value SipProtocolProvider#ACCOUNT_FACTORY_PID}. The password is not among
 * them: it is kept in the credential store under the account id. Other bundles read settings of
 * their own from the same configuration; they are described here too (the SIP bundle itself does
 * not use them), so that one description lists all of an account's settings.
 */
@ObjectClassDefinition(name = "Parley SIP account", description = "One SIP account: who, where and how.")
public @interface SipAccountConfig {

    @AttributeDefinition(name = "Account id", description = "Letters, digits, '.', '-' and '_'; unique.")
    String parley_account_id();

    @AttributeDefinition(name = "Address", description = "The address of record, e.g. sip:alice@example.org.")
    String address();

    @AttributeDefinition(name = "Display name", required = false)
    String displayName() default "";

    @AttributeDefinition(name = "Authentication user", required = false,
            description = "The user name for digest authentication; empty: the user part of the address.")
    String authUser() default "";

    @AttributeDefinition(name = "Registrar", required = false,
            description = "host[:port] of the registrar; empty: the domain of the address.")
    String registrar() default "";

    @AttributeDefinition(name = "Outbound proxy", required = false,
            description = "host[:port] every request is sent through; empty: none.")
    String outboundProxy() default "";

    @AttributeDefinition(name = "Transport")
    Transport transport() default Transport.UDP;

    @AttributeDefinition(name = "Registration expiry (s)", min = "30")
    int registrationExpiry() default 600;

    @AttributeDefinition(name = "Keep-alive interval (s)", min = "0", description = "0 switches keep-alives off.")
    int keepAliveInterval() default 30;

    @AttributeDefinition(name = "Register", description = "Whether the account registers when it starts.")
    boolean register() default true;

    @AttributeDefinition(name = "Auto-answer", description = "Whether incoming calls are answered at once.")
    boolean autoAnswer() default false;

    @AttributeDefinition(name = "Audio source", required = false,
            description = "device, silence, tone:<Hz> or wav:<file>.")
    String audioSource() default "device";

    @AttributeDefinition(name = "Audio sink", required = false, description = "device, discard or wav:<file>.")
    String audioSink() default "device";

    @AttributeDefinition(name = "Audio codecs", required = false,
            description = "The audio codecs calls use, most preferred first, e.g. opus,G722,PCMU,PCMA; empty: all"
                    + " the media engine offers, in its order. telephone-event always follows.")
    String codecs() default "";

    @AttributeDefinition(name = "Media encryption (SRTP)", required = false,
            description = "Whether calls encrypt their audio; keys are agreed in SDP (SDES, RFC 4568).",
            options = {
                    @Option(value = "off", label = "Never: plain RTP; offers that demand SRTP are refused"),
                    @Option(value = "optional", label = "When the far end can: keys offered with plain RTP"),
                    @Option(value = "mandatory", label = "Always: calls that cannot be secured are refused") })
    String srtp() default "optional";

    @AttributeDefinition(name = "SRTP key exchange", required = false,
            description = "How this account agrees SRTP keys for the calls it places; offers keyed by the far end are"
                    + " taken either way.",
            options = {
                    @Option(value = "sdes", label = "SDES: keys in the SDP (RFC 4568), as safe as the signalling path"),
                    @Option(value = "zrtp", label = "ZRTP: keys agreed on the media path (RFC 6189), with a short"
                            + " authentication string to compare"),
                    @Option(value = "dtls", label = "DTLS-SRTP: keys agreed by a DTLS handshake on the media path"
                            + " (RFC 5763/5764), checked against the certificate fingerprint in the SDP") })
    String srtpKeyExchange() default "sdes";

    @AttributeDefinition(name = "Local address", required = false,
            description = "The local IP address to use; empty: the one that routes to the registrar.")
    String localAddress() default "";

    @AttributeDefinition(name = "STUN server", required = false,
            description = "host[:port] of a STUN server (RFC 5389, port 3478 by default) that tells each call the"
                    + " public address of its media behind a NAT, announced in the SDP; empty: none.")
    String stunServer() default "";

    @AttributeDefinition(name = "RTCP on the RTP port", required = false,
            description = "Offer and accept RTCP multiplexed on the RTP port (RFC 5761): one port per call to pass"
                    + " through NATs and firewalls; false: RTCP on the port above RTP only.")
    boolean rtcpMux() default false;

    @AttributeDefinition(name = "ICE", required = false,
            description = "Whether calls gather ICE candidates (RFC 8445: this machine's address, the STUN server's"
                    + " view of it, the TURN server's relay) and let connectivity checks choose the path when the far"
                    + " end does ICE too; a far end without ICE gets the address of the SDP's c= and m= lines.")
    boolean ice() default false;

    @AttributeDefinition(name = "TURN server", required = false,
            description = "host[:port] of a TURN server (RFC 8656, UDP, port 3478 by default) that relays the media"
                    + " when no direct path works (with ice=true); its password is stored with"
                    + " parley:account password <id> <password> turn. Empty: none.")
    String turnServer() default "";

    @AttributeDefinition(name = "TURN user", required = false,
            description = "The user name for the TURN server; empty: the account's authentication user.")
    String turnUser() default "";

    @AttributeDefinition(name = "Video", required = false,
            description = "Whether calls have video (VP8): off, accept (the far end's video offers; calls start without"
                    + " video, which can be added during the call) or offer (calls start with video too).",
            options = {
                    @Option(value = "off", label = "Never: video offers are answered without video"),
                    @Option(value = "accept", label = "When the far end offers it, or on request during a call"),
                    @Option(value = "offer", label = "Always offered: calls start with video") })
    String video() default "accept";

    @AttributeDefinition(name = "Video source", required = false,
            description = "none (receive the far end's video only) or testpattern[:<width>x<height>[@<fps>]]"
                    + " (a generated moving picture, 320x240@15 by default).")
    String videoSource() default "none";

    @AttributeDefinition(name = "Local port", min = "0", description = "0: any free port.")
    int localPort() default 0;

    @AttributeDefinition(name = "Pinned TLS certificate", required = false,
            description = "SHA-256 fingerprint of the server certificate trusted although no authority vouches for it.")
    String tlsPinnedCertificate() default "";

    @AttributeDefinition(name = "TLS authorities file", required = false,
            description = "PEM file of certificate authorities trusted besides the system's.")
    String tlsCaFile() default "";

    /** Read by org.parley.sip.presence, which serves subscriptions to the user's presence. */
    @AttributeDefinition(name = "Presence policy", required = false,
            description = "Who may watch the user's presence without asking; the others wait for the user's"
                    + " consent (parley:watchers <account> allow|deny <address>).",
            options = {
                    @Option(value = "accept", label = "Everybody"),
                    @Option(value = "refuse", label = "Nobody: every request is refused"),
                    @Option(value = "ask", label = "Nobody: every request waits for consent"),
                    @Option(value = "contacts", label = "The account's contacts; the others wait for consent") })
    String presencePolicy() default "contacts";

    @AttributeDefinition(name = "SIP trace", description = "Whether every SIP message is written to the trace file.")
    boolean sipTrace() default false;

    @AttributeDefinition(name = "SIP trace file", required = false,
            description = "Where the trace goes; empty: sip-<account>.log in the user's log directory.")
    String sipTraceFile() default "";
}
