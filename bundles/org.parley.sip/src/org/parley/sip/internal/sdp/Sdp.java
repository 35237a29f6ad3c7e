package org.parley.sip.internal.sdp;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.parley.core.media.Codec;
import org.parley.core.media.DtlsFingerprint;
import org.parley.core.media.IceCandidate;
import org.parley.core.media.IceParameters;
import org.parley.core.media.MediaDirection;
import org.parley.core.media.RtpFormat;
import org.parley.core.media.SdesCrypto;

/** Writes and reads the audio part of SDP bodies. */
public final class Sdp {

    /** Static payload types that need no rtpmap line (RFC 3551). */
    private static final Map<Integer, Codec> STATIC_TYPES = Map.of(0, Codec.PCMU, 8, Codec.PCMA,
            9, Codec.G722);

    /** The format a removed video line names: an m= line needs one, and port 0 makes it meaningless. */
    private static final String REMOVED_VIDEO_FORMAT = "100";

    private Sdp() {
    }

    /** Writes an SDP body with one audio stream. */
    public static String write(SessionDescription description, long sessionId) {
        return write(description, Optional.empty(), List.of(), sessionId);
    }

    /**
     * Writes an SDP body with an audio stream and, if given, a video stream. An answer lists the
     * offer's m= lines in their order: the first audio line is answered by {@code audio}, the first video
     * line by {@code video} (rejected if there is none), any other line is rejected with port 0. An offer
     * ({@code offerLines} empty) has audio, then video.
     */
    public static String write(SessionDescription audio, Optional<VideoDescription> video, List<MediaLine> offerLines,
            long sessionId) {
        String ipVersion = ipVersion(audio.address());
        StringBuilder sdp = new StringBuilder();
        sdp.append("v=0\r\n");
        sdp.append("o=parley ").append(sessionId).append(' ').append(audio.version()).append(" IN ")
                .append(ipVersion).append(' ').append(audio.address()).append("\r\n");
        sdp.append("s=Parley\r\n");
        sdp.append("c=IN ").append(ipVersion).append(' ').append(audio.address()).append("\r\n");
        sdp.append("t=0 0\r\n");
        if (offerLines.isEmpty()) {
            writeAudio(sdp, audio);
            video.ifPresent(stream -> writeVideo(sdp, stream));
            return sdp.toString();
        }
        boolean audioDone = false;
        boolean videoDone = false;
        for (MediaLine line : offerLines) {
            if (!audioDone && line.kind().equals("audio")) {
                audioDone = true;
                writeAudio(sdp, audio);
            } else if (!videoDone && line.kind().equals("video") && video.isPresent() && video.get().active()) {
                videoDone = true;
                writeVideo(sdp, video.get());
            } else {
                videoDone |= line.kind().equals("video");
                sdp.append(line.rejected());
            }
        }
        return sdp.toString();
    }

    private static String ipVersion(String address) {
        return address.contains(":") ? "IP6" : "IP4";
    }

    private static void writeVideo(StringBuilder sdp, VideoDescription video) {
        if (!video.active()) {
            sdp.append("m=video 0 ").append(video.profile()).append(" ")
                    .append(REMOVED_VIDEO_FORMAT).append("\r\n");
            return;
        }
        sdp.append("m=video ").append(video.port()).append(' ').append(video.profile());
        for (RtpFormat format : video.formats()) {
            sdp.append(' ').append(format.payloadType());
        }
        sdp.append("\r\n");
        sdp.append("c=IN ").append(ipVersion(video.address())).append(' ').append(video.address()).append("\r\n");
        for (RtpFormat format : video.formats()) {
            sdp.append("a=rtpmap:").append(format.payloadType()).append(' ').append(format.codec().name()).append('/')
                    .append(format.codec().clockRate()).append("\r\n");
            if (!format.parameters().isEmpty()) {
                sdp.append("a=fmtp:").append(format.payloadType()).append(' ').append(fmtp(format.parameters()))
                        .append("\r\n");
            }
            sdp.append("a=rtcp-fb:").append(format.payloadType()).append(" nack pli\r\n");
        }
        for (SdesCrypto crypto : video.crypto()) {
            sdp.append("a=crypto:").append(crypto.value()).append("\r\n");
        }
        video.ice().ifPresent(ice -> writeIce(sdp, ice));
        sdp.append("a=").append(attribute(video.direction())).append("\r\n");
    }

    private static void writeAudio(StringBuilder sdp, SessionDescription description) {
        sdp.append("m=audio ").append(description.port()).append(' ').append(description.profile());
        for (RtpFormat format : description.formats()) {
            sdp.append(' ').append(format.payloadType());
        }
        sdp.append("\r\n");
        for (RtpFormat format : description.formats()) {
            Codec codec = format.codec();
            sdp.append("a=rtpmap:").append(format.payloadType()).append(' ').append(codec.name()).append('/')
                    .append(codec.clockRate());
            if (codec.channels() > 1) {
                sdp.append('/').append(codec.channels());
            }
            sdp.append("\r\n");
            if (SessionDescription.isTelephoneEvent(format)) {
                sdp.append("a=fmtp:").append(format.payloadType()).append(" 0-16\r\n");
            } else if (!format.parameters().isEmpty()) {
                sdp.append("a=fmtp:").append(format.payloadType()).append(' ').append(fmtp(format.parameters()))
                        .append("\r\n");
            }
        }
        for (SdesCrypto crypto : description.crypto()) {
            sdp.append("a=crypto:").append(crypto.value()).append("\r\n");
        }
        for (DtlsFingerprint fingerprint : description.fingerprints()) {
            sdp.append("a=fingerprint:").append(fingerprint.attribute()).append("\r\n");
        }
        description.setup().ifPresent(setup -> sdp.append("a=setup:").append(setup.attribute()).append("\r\n"));
        description.rtcp().ifPresent(rtcp -> sdp.append("a=rtcp:").append(rtcp.getPort()).append(" IN ")
                .append(rtcp.getAddress().getHostAddress().contains(":") ? "IP6 " : "IP4 ")
                .append(rtcp.getAddress().getHostAddress()).append("\r\n"));
        if (description.rtcpMux()) {
            sdp.append("a=rtcp-mux\r\n");
        }
        description.ice().ifPresent(ice -> writeIce(sdp, ice));
        sdp.append("a=").append(attribute(description.direction())).append("\r\n");
    }

    private static void writeIce(StringBuilder sdp, IceParameters ice) {
        sdp.append("a=ice-ufrag:").append(ice.ufrag()).append("\r\n");
        sdp.append("a=ice-pwd:").append(ice.password()).append("\r\n");
        for (IceCandidate candidate : ice.candidates()) {
            sdp.append("a=candidate:").append(candidate.attribute()).append("\r\n");
        }
    }

    /** The m= lines of a body, in their order, for answering it. */
    public static List<MediaLine> mediaLines(String body) {
        List<MediaLine> lines = new ArrayList<>();
        for (SdpSections.Section section : SdpSections.parse(body).media()) {
            List<String> fields = section.mediaLine();
            if (fields.size() >= 4) {
                lines.add(new MediaLine(fields.get(0), fields.get(2), String.join(" ", fields.subList(3, fields.size()))));
            }
        }
        return lines;
    }

    /**
     * Reads the first video stream of a body; empty if there is none or its m= line is unreadable. Its
     * formats are those with an rtpmap (video has no static payload types in use today).
     */
    public static Optional<VideoDescription> readVideo(String body) {
        SdpSections sdp = SdpSections.parse(body);
        Optional<SdpSections.Section> found = sdp.first("video");
        if (found.isEmpty() || found.get().mediaLine().size() < 4 || sdp.connectionOf(found.get()).isEmpty()) {
            return Optional.empty();
        }
        SdpSections.Section video = found.get();
        int port;
        try {
            port = Integer.parseInt(video.mediaLine().get(1).split("/")[0]);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        List<Integer> payloadTypes = new ArrayList<>();
        for (String token : video.mediaLine().subList(3, video.mediaLine().size())) {
            try {
                payloadTypes.add(Integer.parseInt(token));
            } catch (NumberFormatException e) {
                // not an RTP payload type: not a format we could take
            }
        }
        return Optional.of(new VideoDescription(sdp.connectionOf(video).get(), port, video.mediaLine().get(2),
                formats(payloadTypes, video, Map.of()), direction(sdp, video), crypto(video), ice(sdp, video)));
    }

    /**
     * Reads the first audio stream of an SDP body.
     *
     * @throws IllegalArgumentException if the body has no usable audio stream
     */
    public static SessionDescription read(String body) {
        SdpSections sdp = SdpSections.parse(body);
        SdpSections.Section audio = sdp.first("audio")
                .orElseThrow(() -> new IllegalArgumentException("The SDP has no audio stream"));
        List<String> fields = audio.mediaLine();
        String line = "m=" + String.join(" ", fields);
        if (fields.size() < 4) {
            throw new IllegalArgumentException("Malformed m= line: " + line);
        }
        int port = parseInt(fields.get(1).split("/")[0], "port", line);
        List<Integer> payloadTypes = new ArrayList<>();
        for (String token : fields.subList(3, fields.size())) {
            payloadTypes.add(parseInt(token, "payload type", line));
        }
        String address = sdp.connectionOf(audio)
                .orElseThrow(() -> new IllegalArgumentException("The SDP has no connection address (c=)"));
        List<DtlsFingerprint> fingerprints = fingerprints(audio);
        Optional<DtlsSetup> setup = audio.value("setup").flatMap(DtlsSetup::parse);
        return new SessionDescription(address, port, formats(payloadTypes, audio, STATIC_TYPES),
                direction(sdp, audio), sdp.version(), fields.get(2), crypto(audio),
                fingerprints.isEmpty() ? fingerprints(sdp.session()) : fingerprints,
                setup.isPresent() ? setup : sdp.session().value("setup").flatMap(DtlsSetup::parse),
                rtcpAddress(audio.value("rtcp").map(value -> value.split("\\s+")).orElse(null), address),
                audio.has("rtcp-mux"), ice(sdp, audio));
    }

    /** The formats of a media section's payload types that have an rtpmap (or are among {@code staticTypes}). */
    private static List<RtpFormat> formats(List<Integer> payloadTypes, SdpSections.Section section,
            Map<Integer, Codec> staticTypes) {
        Map<Integer, Codec> rtpmaps = new HashMap<>();
        section.values("rtpmap").forEach(value -> readRtpmap(value, rtpmaps));
        Map<Integer, Map<String, String>> fmtps = new HashMap<>();
        section.values("fmtp").forEach(value -> readFmtp(value, fmtps));
        List<RtpFormat> formats = new ArrayList<>();
        for (int payloadType : payloadTypes) {
            Codec codec = rtpmaps.getOrDefault(payloadType, staticTypes.get(payloadType));
            if (codec != null && payloadType >= 0 && payloadType <= 127) {
                formats.add(new RtpFormat(codec, payloadType, fmtps.getOrDefault(payloadType, Map.of())));
            }
        }
        return formats;
    }

    /** A media section's direction: its own attribute, else the session's, else sendrecv. */
    private static MediaDirection direction(SdpSections sdp, SdpSections.Section section) {
        return direction(section).or(() -> direction(sdp.session())).orElse(MediaDirection.SEND_RECEIVE);
    }

    private static Optional<MediaDirection> direction(SdpSections.Section section) {
        return section.attributes().stream().map(Sdp::direction).filter(Objects::nonNull).reduce((a, b) -> b);
    }

    private static List<SdesCrypto> crypto(SdpSections.Section section) {
        List<SdesCrypto> crypto = new ArrayList<>();
        section.values("crypto").forEach(value -> readCrypto(value, crypto));
        return crypto;
    }

    private static List<DtlsFingerprint> fingerprints(SdpSections.Section section) {
        List<DtlsFingerprint> fingerprints = new ArrayList<>();
        section.values("fingerprint").forEach(value -> readFingerprint(value, fingerprints));
        return fingerprints;
    }

    /** A direction as the other side sees it: their sendonly is our recvonly, and the other way round. */
    public static MediaDirection reversed(MediaDirection theirs) {
        return switch (theirs) {
            case SEND_ONLY -> MediaDirection.RECEIVE_ONLY;
            case RECEIVE_ONLY -> MediaDirection.SEND_ONLY;
            default -> theirs;
        };
    }

    /** The direction the other side takes when it answers an offer with {@code offered}. */
    public static MediaDirection answerDirection(MediaDirection offered, MediaDirection wanted) {
        boolean theySend = offered == MediaDirection.SEND_RECEIVE || offered == MediaDirection.SEND_ONLY;
        boolean theyReceive = offered == MediaDirection.SEND_RECEIVE || offered == MediaDirection.RECEIVE_ONLY;
        boolean weSend = theyReceive && (wanted == MediaDirection.SEND_RECEIVE || wanted == MediaDirection.SEND_ONLY);
        boolean weReceive = theySend
                && (wanted == MediaDirection.SEND_RECEIVE || wanted == MediaDirection.RECEIVE_ONLY);
        if (weSend && weReceive) {
            return MediaDirection.SEND_RECEIVE;
        }
        return weSend ? MediaDirection.SEND_ONLY : weReceive ? MediaDirection.RECEIVE_ONLY : MediaDirection.INACTIVE;
    }

    private static void readRtpmap(String value, Map<Integer, Codec> rtpmaps) {
        String[] parts = value.split("\\s+", 2);
        if (parts.length < 2) {
            return;
        }
        String[] encoding = parts[1].split("/");
        try {
            int payloadType = Integer.parseInt(parts[0]);
            int clockRate = encoding.length > 1 ? Integer.parseInt(encoding[1]) : 8000;
            int channels = encoding.length > 2 ? Integer.parseInt(encoding[2]) : 1;
            rtpmaps.put(payloadType, new Codec(encoding[0], clockRate, channels));
        } catch (IllegalArgumentException e) {
            // an unreadable rtpmap leaves its payload type unknown, which drops it
        }
    }

    /** Reads an fmtp value, {@code <pt> name=value;name=value}; parameters that are not name=value (e.g. 0-16) are left out. */
    private static void readFmtp(String value, Map<Integer, Map<String, String>> fmtps) {
        String[] parts = value.split("\\s+", 2);
        if (parts.length < 2) {
            return;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String parameter : parts[1].split(";")) {
            int equals = parameter.indexOf('=');
            if (equals > 0) {
                parameters.put(parameter.substring(0, equals).strip().toLowerCase(Locale.ROOT),
                        parameter.substring(equals + 1).strip());
            }
        }
        try {
            fmtps.put(Integer.parseInt(parts[0]), parameters);
        } catch (NumberFormatException e) {
            // an fmtp for no payload type is no parameter of any
        }
    }

    private static String fmtp(Map<String, String> parameters) {
        StringBuilder text = new StringBuilder();
        parameters.forEach((name, value) -> text.append(text.isEmpty() ? "" : ";").append(name)
                .append(value.isEmpty() ? "" : "=" + value));
        return text.toString();
    }

    private static void readCandidate(String value, List<IceCandidate> candidates) {
        try {
            candidates.add(IceCandidate.parse(value));
        } catch (IllegalArgumentException e) {
            // an unreadable candidate cannot be tried; the others may work
        }
    }

    /**
     * A media section's ICE: its credentials (or the session's) when it has them and at least one
     * readable candidate; else none (no ICE).
     */
    private static Optional<IceParameters> ice(SdpSections sdp, SdpSections.Section section) {
        Optional<String> ufrag = section.value("ice-ufrag").or(() -> sdp.session().value("ice-ufrag"));
        Optional<String> password = section.value("ice-pwd").or(() -> sdp.session().value("ice-pwd"));
        List<IceCandidate> candidates = new ArrayList<>();
        section.values("candidate").forEach(value -> readCandidate(value, candidates));
        if (ufrag.isEmpty() || password.isEmpty() || candidates.isEmpty()) {
            return Optional.empty();
        }
        return ice(ufrag.get(), password.get(), candidates);
    }

    private static Optional<IceParameters> ice(String ufrag, String password, List<IceCandidate> candidates) {
        try {
            return Optional.of(new IceParameters(ufrag, password, candidates));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // credentials too short for RFC 8445: treated as no ICE
        }
    }

    private static void readCrypto(String value, List<SdesCrypto> crypto) {
        try {
            crypto.add(SdesCrypto.parse(value));
        } catch (IllegalArgumentException e) {
            // an unreadable key cannot be accepted; the others may be
        }
    }

    /** The {@code a=rtcp:<port> [IN IP4|IP6 <address>]} address; empty if there is none or it is unreadable. */
    private static Optional<InetSocketAddress> rtcpAddress(String[] fields, String mediaAddress) {
        if (fields == null) {
            return Optional.empty();
        }
        try {
            int port = Integer.parseInt(fields[0]);
            String host = fields.length >= 4 ? fields[3] : mediaAddress;
            return port > 0 && port < 65536 ? Optional.of(new InetSocketAddress(host, port)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static void readFingerprint(String value, List<DtlsFingerprint> fingerprints) {
        try {
            fingerprints.add(DtlsFingerprint.parse(value));
        } catch (IllegalArgumentException e) {
            // an unreadable fingerprint matches no certificate; the others may
        }
    }



    private static int parseInt(String text, String what, String line) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Malformed " + what + " in: " + line);
        }
    }

    private static MediaDirection direction(String attribute) {
        return switch (attribute.toLowerCase(Locale.ROOT)) {
            case "sendrecv" -> MediaDirection.SEND_RECEIVE;
            case "sendonly" -> MediaDirection.SEND_ONLY;
            case "recvonly" -> MediaDirection.RECEIVE_ONLY;
            case "inactive" -> MediaDirection.INACTIVE;
            default -> null;
        };
    }

    private static String attribute(MediaDirection direction) {
        return switch (direction) {
            case SEND_RECEIVE -> "sendrecv";
            case SEND_ONLY -> "sendonly";
            case RECEIVE_ONLY -> "recvonly";
            case INACTIVE -> "inactive";
        };
    }
}
