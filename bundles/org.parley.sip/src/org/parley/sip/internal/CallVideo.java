package org.parley.sip.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.logging.Logger;

import org.parley.core.media.IceSettings;
import org.parley.core.media.MediaDirection;
import org.parley.core.media.MediaEngine;
import org.parley.core.media.MediaException;
import org.parley.core.media.MediaSecurity;
import org.parley.core.media.RtpFormat;
import org.parley.core.media.SdesCrypto;
import org.parley.core.media.SrtpPolicy;
import org.parley.core.media.VideoFrame;
import org.parley.core.media.VideoSession;
import org.parley.core.media.VideoSessionOptions;
import org.parley.core.media.VideoStatistics;
import org.parley.sip.internal.sdp.Sdp;
import org.parley.sip.internal.sdp.SessionDescription;
import org.parley.sip.internal.sdp.VideoDescription;

/**
 * The video part of one call's offers and answers: whether this side wants video, the engine's
 * {@link VideoSession} while the call has video, and the {@code m=video} line each offer or answer
 * carries (once a call's SDP had one, every later offer keeps it, with port 0 when video is off).
 * Runs on the account's executor, as {@link SipCall} does.
 */
final class CallVideo {

    private static final Logger LOG = Logger.getLogger(CallVideo.class.getName());

    private final MediaEngine engine;
    private final AccountSettings settings;
    private final Consumer<MediaDirection> changed;
    private final IceSettings ice;
    private final Executor callThread;

    private boolean wanted;
    private boolean lineInSdp;
    private volatile Optional<VideoSession> session = Optional.empty();
    private Optional<VideoDescription> toStart = Optional.empty();
    private volatile MediaDirection direction = MediaDirection.INACTIVE;
    private volatile Optional<VideoStatistics> finalStatistics = Optional.empty();

    /**
     * @param changed told the new direction each time the call's video starts, stops or turns
     */
    CallVideo(MediaEngine engine, AccountSettings settings, IceSettings ice, Executor callThread, boolean outgoing,
            Consumer<MediaDirection> changed) {
        this.engine = engine;
        this.settings = settings;
        this.ice = ice;
        this.callThread = callThread;
        this.changed = changed;
        this.wanted = outgoing && settings.video() == VideoPolicy.OFFER && problem().isEmpty();
    }

    /** Why this call cannot have video; empty if it can. */
    Optional<String> problem() {
        if (settings.video() == VideoPolicy.OFF) {
            return Optional.of("this account's video is off (video=off)");
        }
        if (engine.videoFormats().isEmpty()) {
            return Optional.of("the media engine has no video");
        }
        return Optional.empty();
    }

    /**
     * The user asks for video on or off (the caller has checked {@link #problem()} for on); true if an
     * offer must go to the far end for it.
     */
    boolean want(boolean on) {
        boolean change = on != wanted;
        wanted = on;
        return change;
    }

    /**
     * The video line of an offer of ours (initial or re-offer), opening the session when video is
     * wanted; empty when the call's SDP never had video and none is wanted.
     */
    Optional<VideoDescription> offer(String host, boolean heldByUs) throws UnknownHostException {
        if (wanted && problem().isEmpty()) {
            VideoSession video = open(host);
            List<SdesCrypto> keys = settings.srtp() == SrtpPolicy.OFF ? List.of() : video.sdesOffer();
            if (settings.srtp() == SrtpPolicy.MANDATORY && keys.isEmpty()) {
                wanted = false; // the engine cannot encrypt video, and plain video is not allowed
            } else {
                lineInSdp = true;
                return Optional.of(new VideoDescription(host, video.localRtpAddress().getPort(),
                        settings.srtp() == SrtpPolicy.MANDATORY ? SessionDescription.SRTP : SessionDescription.RTP,
                        engine.videoFormats(), ourDirection(heldByUs), keys, video.iceParameters()));
            }
        }
        closeSession();
        return lineInSdp ? Optional.of(VideoDescription.rejected(host)) : Optional.empty();
    }

    /** The far end answered our offer: video starts, turns or stops as the answer says. */
    void answered(Optional<VideoDescription> answer) {
        if (session.isEmpty()) {
            return;
        }
        Optional<RtpFormat> format = answer.filter(VideoDescription::active).flatMap(VideoDescription::format)
                .filter(this::ours);
        if (format.isEmpty() || !keysOfAnswer(answer.get())) {
            wanted = false; // refused: later offers remove the line rather than offer again
            closeSession();
            return;
        }
        startOn(answer.get(), format.get(), true);
        setDirection(Sdp.reversed(answer.get().direction()));
    }

    /**
     * The video line of our answer to an offer (the far end's first, or a re-offer): taken when the
     * account takes video and a format is in common, else rejected. The stream starts at
     * {@link #startAnswered()}, once the answer is on its way.
     */
    Optional<VideoDescription> answer(Optional<VideoDescription> offered, String host, boolean heldByUs)
            throws UnknownHostException {
        toStart = Optional.empty();
        if (offered.isEmpty()) {
            closeSession();
            return Optional.empty();
        }
        lineInSdp = true;
        List<RtpFormat> common = offered.get().formats().stream().filter(this::ours).limit(1).toList();
        if (!offered.get().active() || common.isEmpty() || problem().isPresent() || !keysAcceptable(offered.get())) {
            wanted = false;
            closeSession();
            return Optional.of(VideoDescription.rejected(host));
        }
        VideoSession video = open(host);
        List<SdesCrypto> ours = List.of();
        if (!offered.get().crypto().isEmpty() && settings.srtp() != SrtpPolicy.OFF) {
            try {
                ours = List.of(video.sdesAnswer(offered.get().crypto()));
            } catch (MediaException e) {
                wanted = false;
                closeSession();
                return Optional.of(VideoDescription.rejected(host));
            }
        }
        wanted = true;
        MediaDirection answered = Sdp.answerDirection(offered.get().direction(), ourDirection(heldByUs));
        String profile = ours.isEmpty() ? SessionDescription.RTP : offered.get().profile();
        toStart = Optional.of(new VideoDescription(offered.get().address(), offered.get().port(),
                offered.get().profile(), common, answered, List.of(), offered.get().ice()));
        return Optional.of(new VideoDescription(host, video.localRtpAddress().getPort(), profile, common, answered,
                ours, offered.get().ice().isPresent() ? video.iceParameters() : Optional.empty()));
    }

    /** Starts (or turns) the video our last answer agreed, if it took video. */
    void startAnswered() {
        if (toStart.isPresent() && session.isPresent()) {
            VideoDescription agreed = toStart.get();
            startOn(agreed, agreed.format().orElseThrow(), false);
            setDirection(agreed.direction());
        }
        toStart = Optional.empty();
    }

    /**
     * Whether the account can take an offered video stream as it is keyed: one with SDES keys unless the
     * account's SRTP is off and the offer demands SRTP; one without keys unless the offer or the account
     * demands encryption (which only SDES gives video here: a DTLS-SRTP video offer is refused).
     */
    private boolean keysAcceptable(VideoDescription offered) {
        if (!offered.crypto().isEmpty()) {
            return settings.srtp() != SrtpPolicy.OFF || !offered.requiresSrtp();
        }
        return !offered.requiresSrtp() && settings.srtp() != SrtpPolicy.MANDATORY;
    }

    /** Takes the answer's key when ours were offered; false if the answer leaves video plain where it may not be. */
    private boolean keysOfAnswer(VideoDescription answer) {
        if (answer.crypto().isEmpty()) {
            return settings.srtp() != SrtpPolicy.MANDATORY;
        }
        if (settings.srtp() == SrtpPolicy.OFF) {
            return false; // we offered no keys: an answer with keys is not one to our offer
        }
        try {
            session.orElseThrow().sdesAnswered(answer.crypto().get(0));
            return true;
        } catch (MediaException e) {
            return false;
        }
    }

    /** How the video is encrypted, while the call has video. */
    MediaSecurity security() {
        return session.map(VideoSession::security).orElseGet(MediaSecurity.Unsecured::new);
    }

    /**
     * Starts the session towards the far end's video line: over ICE when both sides do it (the side
     * that offered controls), else on the line's address.
     */
    private void startOn(VideoDescription remote, RtpFormat format, boolean weOffered) {
        VideoSession video = session.orElseThrow();
        if (remote.ice().isPresent() && video.iceParameters().isPresent()) {
            video.startWithIce(remote.ice().get(), weOffered, format);
        } else {
            video.start(remote.rtpAddress(), format);
        }
    }

    /** ICE found no path for the video: the call goes on without it. */
    private void iceFailed(VideoSession failed, String reason) {
        if (session.filter(current -> current == failed).isPresent()) {
            LOG.warning("The call's video stops: " + reason);
            wanted = false;
            closeSession();
        }
    }

    /** Which way video flows now (inactive when the call has none). */
    MediaDirection direction() {
        return direction;
    }

    Optional<VideoStatistics> statistics() {
        return session.map(VideoSession::statistics).or(() -> finalStatistics);
    }

    Optional<VideoFrame> latestFrame() {
        return session.flatMap(VideoSession::latestFrame);
    }

    /** The call ended: the session closes. */
    void close() {
        closeSession();
    }

    private VideoSession open(String host) throws UnknownHostException {
        if (session.isEmpty()) {
            VideoSession[] opened = new VideoSession[1];
            Optional<InetSocketAddress> stun = settings.stunServer().map(server -> new InetSocketAddress(server.host(),
                    server.portOr(AccountSettings.STUN_PORT)));
            opened[0] = engine.openVideo(new VideoSessionOptions(InetAddress.getByName(host), settings.videoSource(),
                    frame -> { }, stun, ice, reason -> callThread.execute(() -> iceFailed(opened[0], reason))));
            session = Optional.of(opened[0]);
        }
        return session.get();
    }

    private void closeSession() {
        session.ifPresent(video -> {
            finalStatistics = Optional.of(video.statistics());
            video.close();
        });
        session = Optional.empty();
        setDirection(MediaDirection.INACTIVE);
    }

    private void setDirection(MediaDirection next) {
        session.ifPresent(video -> video.setDirection(next));
        if (next != direction) {
            direction = next;
            changed.accept(next);
        }
    }

    private MediaDirection ourDirection(boolean heldByUs) {
        boolean sends = settings.videoSource().sends();
        if (heldByUs) {
            return sends ? MediaDirection.SEND_ONLY : MediaDirection.INACTIVE;
        }
        return sends ? MediaDirection.SEND_RECEIVE : MediaDirection.RECEIVE_ONLY;
    }

    private boolean ours(RtpFormat format) {
        return engine.videoFormats().stream().anyMatch(mine -> mine.codec().sameAs(format.codec()));
    }
}
