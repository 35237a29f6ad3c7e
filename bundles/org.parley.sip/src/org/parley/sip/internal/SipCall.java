package org.parley.sip.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.InvalidArgumentException;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.header.WarningHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.parley.core.Address;
import org.parley.core.account.AccountId;
import org.parley.core.media.DtlsRole;
import org.parley.core.media.IceCandidate;
import org.parley.core.media.MediaDirection;
import org.parley.core.media.MediaEngine;
import org.parley.core.media.MediaException;
import org.parley.core.media.MediaSecurity;
import org.parley.core.media.MediaSecurity.KeyExchange;
import org.parley.core.media.MediaSession;
import org.parley.core.media.MediaSessionOptions;
import org.parley.core.media.MediaStatistics;
import org.parley.core.media.RtpFormat;
import org.parley.core.media.SdesCrypto;
import org.parley.core.media.SrtpPolicy;
import org.parley.core.media.VideoFrame;
import org.parley.core.media.VideoStatistics;
import org.parley.core.telephony.Call;
import org.parley.core.telephony.CallDirection;
import org.parley.core.telephony.CallEvent;
import org.parley.core.telephony.CallEvent.EndReason;
import org.parley.core.telephony.CallId;
import org.parley.core.telephony.CallState;
import org.parley.sip.internal.sdp.DtlsSetup;
import org.parley.sip.internal.sdp.MediaLine;
import org.parley.sip.internal.sdp.Negotiation;
import org.parley.sip.internal.sdp.Sdp;
import org.parley.sip.internal.sdp.SessionDescription;
import org.parley.sip.internal.sdp.SrtpRules;
import org.parley.sip.internal.sdp.VideoDescription;

/**
 * One SIP call (RFC 3261 INVITE dialog) and its media session, outgoing or incoming. Public
 * methods hand their work to the account's executor, where all state changes happen.
 */
final class SipCall implements Call {

    private static final int MAX_REDIRECTS = 5;
    /** How long a handshake on the media path (ZRTP, DTLS) may take: a few seconds on a cold JVM. */
    private static final Duration SECURITY_DEADLINE = Duration.ofSeconds(10);

    private final CallManager manager;
    private final SipEndpoint endpoint;
    private final CallId id;
    private final String sipCallId;
    private final Address peer;
    private final CallDirection direction;
    private final MediaEngine engine;
    private final Instant startedAt;
    private final long sessionId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);
    private final String localTag = Long.toHexString(ThreadLocalRandom.current().nextLong());
    private final ReliableProvisionals reliable;
    private final OwnReinvites reinvites;
    private final CallTransfer transfer;
    private final CallVideo video;

    private volatile CallState state;
    private volatile MediaSession media;
    private Dialog dialog;
    private long sdpVersion;
    private long nextSequence = 1;
    private boolean heldByUs;
    private boolean muted;
    private Optional<RtpFormat> telephoneEvent = Optional.empty();
    private volatile MediaStatistics finalStatistics = MediaStatistics.NONE;
    private volatile MediaSecurity finalSecurity = new MediaSecurity.Unsecured();
    private boolean securityDeadlineSet;
    /** The local conference this call is in, if any. */
    private volatile Optional<LocalConference> conference = Optional.empty();
    /** The profile and our side of the handshake, once the call's media is keyed by DTLS. */
    private Optional<DtlsAgreement> dtls = Optional.empty();

    // outgoing
    private ClientTransaction inviteTransaction;
    private boolean provisionalSeen;
    private boolean cancelWanted;
    private int redirects;
    /**
     * The answer a provisional response carried: after a reliable one (RFC 3262) the 200 OK may
     * carry none; after an unreliable one we take it as the answer as well, as most phones do.
     */
    private Optional<SessionDescription> earlyAnswer = Optional.empty();

    // incoming
    private ServerTransaction inviteServerTransaction;
    private Request inviteRequest;
    private SessionDescription offer;
    /** The offer's video line, if it has one, and all its m= lines, which the answer lists again in order. */
    private Optional<VideoDescription> offeredVideo = Optional.empty();
    private List<MediaLine> offerLines = List.of();
    /** The video line of the answer about to be sent. */
    private Optional<VideoDescription> answerVideo = Optional.empty();

    private SipCall(CallManager manager, String sipCallId, Address peer, CallDirection direction, MediaEngine engine,
            CallState initial) {
        this.manager = manager;
        this.endpoint = manager.endpoint();
        this.id = new CallId(sipCallId);
        this.sipCallId = sipCallId;
        this.peer = peer;
        this.direction = direction;
        this.engine = engine;
        this.startedAt = manager.now();
        this.state = initial;
        this.reliable = new ReliableProvisionals(endpoint, manager.executor());
        this.transfer = new CallTransfer(manager, this);
        this.reinvites = new OwnReinvites(manager.executor(), direction == CallDirection.OUTGOING, this::sendReinvite);
        this.video = new CallVideo(engine, manager.settings(), manager.iceSettings(), manager.executor(),
                direction == CallDirection.OUTGOING, this::videoChanged);
    }

    static SipCall outgoing(CallManager manager, Address peer, MediaEngine engine) {
        String callId = manager.endpoint().provider().getNewCallId().getCallId();
        return new SipCall(manager, callId, peer, CallDirection.OUTGOING, engine, CallState.DIALING);
    }

    /** Takes an incoming INVITE, or answers it with an error and returns null if it cannot become a call. */
    static SipCall incoming(CallManager manager, RequestEvent event, MediaEngine engine) {
        Request request = event.getRequest();
        String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        Address peer = new Address(((FromHeader) request.getHeader(FromHeader.NAME)).getAddress().getURI().toString());
        SipCall call = new SipCall(manager, callId, peer, CallDirection.INCOMING, engine, CallState.INCOMING);
        try {
            call.inviteRequest = request;
            call.inviteServerTransaction = event.getServerTransaction() != null ? event.getServerTransaction()
                    : manager.endpoint().provider().getNewServerTransaction(request);
            call.dialog = manager.endpoint().provider().getNewDialog(call.inviteServerTransaction);
            List<String> notUnderstood = Extensions.notUnderstood(request);
            if (!notUnderstood.isEmpty()) {
                call.refuseExtensions(notUnderstood);
                return null;
            }
            byte[] body = request.getRawContent();
            if (body == null || body.length == 0) {
                call.respondToInvite(Response.NOT_ACCEPTABLE_HERE, null);
                return null;
            }
            String text = new String(body, StandardCharsets.UTF_8);
            call.offer = Sdp.read(text);
            call.offeredVideo = Sdp.readVideo(text);
            call.offerLines = Sdp.mediaLines(text);
            if (SrtpRules.forOffer(manager.settings().srtp(), manager.settings().srtpKeyExchange(), call.offer)
                    instanceof SrtpRules.ForOffer.Refused refused) {
                call.refuseOffer(refused.reason());
                return null;
            }
            return call;
        } catch (IllegalArgumentException e) {
            call.respondToInvite(Response.NOT_ACCEPTABLE_HERE, null);
            return null;
        } catch (SipException e) {
            return null;
        }
    }

    String sipCallId() {
        return sipCallId;
    }

    Instant startedAt() {
        return startedAt;
    }

    boolean ended() {
        return state == CallState.ENDED;
    }

    // ---- Call -------------------------------------------------------------------------------

    @Override
    public CallId id() {
        return id;
    }

    @Override
    public AccountId account() {
        return manager.account();
    }

    @Override
    public Address peer() {
        return peer;
    }

    @Override
    public CallDirection direction() {
        return direction;
    }

    @Override
    public CallState state() {
        return state;
    }

    @Override
    public void setSasVerified(boolean verified) {
        MediaSession current = media;
        if (current == null || state == CallState.ENDED) {
            throw new IllegalStateException("The call " + id + " has no media to verify");
        }
        current.setSasVerified(verified);
    }

    @Override
    public MediaSecurity security() {
        MediaSession current = media;
        return current != null && state != CallState.ENDED ? current.security() : finalSecurity;
    }

    @Override
    public MediaStatistics statistics() {
        MediaSession current = media;
        return current != null && state != CallState.ENDED ? current.statistics() : finalStatistics;
    }

    @Override
    public void answer() {
        requireState("answer", CallState.INCOMING);
        manager.executor().execute(this::answerNow);
    }

    @Override
    public void reject(boolean busy) {
        requireState("reject", CallState.INCOMING);
        manager.executor().execute(() -> {
            if (state == CallState.INCOMING) {
                respondToInvite(busy ? Response.BUSY_HERE : Response.DECLINE, null);
                end(EndReason.REJECTED, busy ? "486 Busy Here" : "603 Decline");
            }
        });
    }

    @Override
    public void hangUp() {
        manager.executor().execute(this::hangUpNow);
    }

    @Override
    public void setOnHold(boolean onHold) {
        requireState("hold or resume", CallState.CONNECTED, CallState.ON_HOLD);
        manager.executor().execute(() -> {
            heldByUs = onHold;
            reinvites.request();
        });
    }

    @Override
    public void setVideo(boolean on) {
        requireState(on ? "add video to" : "remove video from", CallState.CONNECTED, CallState.ON_HOLD);
        if (on) {
            video.problem().ifPresent(problem -> {
                throw new IllegalStateException("Cannot add video: " + problem);
            });
        }
        manager.executor().execute(() -> {
            if (state != CallState.ENDED && video.want(on)) {
                reinvites.request();
            }
        });
    }

    @Override
    public MediaDirection video() {
        return video.direction();
    }

    @Override
    public Optional<IceCandidate> icePath() {
        MediaSession current = media;
        return current == null ? Optional.empty() : current.iceSelectedRemote();
    }

    @Override
    public MediaSecurity videoSecurity() {
        return video.security();
    }

    @Override
    public Optional<VideoStatistics> videoStatistics() {
        return video.statistics();
    }

    @Override
    public Optional<VideoFrame> latestVideoFrame() {
        return state == CallState.ENDED ? Optional.empty() : video.latestFrame();
    }

    @Override
    public void setMuted(boolean mute) {
        manager.executor().execute(() -> {
            muted = mute;
            if (media != null) {
                media.setMuted(mute);
            }
        });
    }

    @Override
    public void sendDtmf(String digits) {
        if (!digits.matches("[0-9*#A-Da-d]+")) {
            throw new IllegalArgumentException("DTMF digits are 0-9, *, # and A-D: " + digits);
        }
        requireState("send DTMF", CallState.CONNECTED, CallState.ON_HOLD, CallState.EARLY_MEDIA);
        manager.executor().execute(() -> {
            if (telephoneEvent.isPresent() && media != null) {
                media.sendDtmf(digits.toUpperCase(Locale.ROOT));
            } else {
                for (char digit : digits.toUpperCase(Locale.ROOT).toCharArray()) {
                    sendInfo(digit);
                }
            }
        });
    }

    @Override
    public void transfer(Address target) {
        requireState("transfer", CallState.CONNECTED, CallState.ON_HOLD);
        manager.executor().execute(() -> transfer.refer(target));
    }

    @Override
    public void transfer(Call other) {
        requireState("transfer", CallState.CONNECTED, CallState.ON_HOLD);
        if (!(other instanceof SipCall target) || target.manager != manager || target == this) {
            throw new IllegalArgumentException("An attended transfer joins two calls of the same SIP account");
        }
        manager.executor().execute(() -> transfer.refer(target.replacingAddress()));
    }

    @Override
    public void joinConference(Call other) {
        if (!(other instanceof SipCall peer) || peer == this) {
            throw new IllegalArgumentException("A conference joins this call with another SIP call of Parley, not " + other);
        }
        requireState("join a conference", CallState.CONNECTED, CallState.ON_HOLD);
        peer.requireState("join a conference", CallState.CONNECTED, CallState.ON_HOLD);
        try {
            media.joinConference(peer.media);
        } catch (MediaException e) {
            throw new IllegalStateException("Calls " + id + " and " + peer.id + " cannot be mixed: " + e.getMessage(), e);
        }
        LocalConference joined = peer.conference.or(() -> conference).orElseGet(LocalConference::new);
        for (SipCall call : List.of(peer, this)) {
            joined.add(call);
            call.conference = Optional.of(joined);
            call.manager.executor().execute(call::resumeIfHeldByUs);
        }
    }

    @Override
    public void leaveConference() {
        Optional<LocalConference> leaving = conference;
        conference = Optional.empty();
        MediaSession current = media;
        if (current != null) {
            current.leaveConference();
        }
        leaving.map(left -> left.remove(this)).filter(rest -> rest.size() == 1)
                .ifPresent(rest -> rest.forEach(SipCall::leaveConference));
    }

    @Override
    public Set<CallId> conference() {
        return conference.map(joined -> joined.others(this)).orElse(Set.of());
    }

    private void resumeIfHeldByUs() {
        if (heldByUs && state == CallState.ON_HOLD) {
            heldByUs = false;
            reinvites.request();
        }
    }

    @Override
    public void startRecording(java.nio.file.Path wav) {
        MediaSession current = media;
        if (current == null || state == CallState.ENDED) {
            throw new IllegalStateException("Call " + id + " has no audio to record");
        }
        current.startRecording(wav);
    }

    @Override
    public void stopRecording() {
        MediaSession current = media;
        if (current != null) {
            current.stopRecording();
        }
    }

    @Override
    public Optional<java.nio.file.Path> recording() {
        MediaSession current = media;
        return current != null && state != CallState.ENDED ? current.recording() : Optional.empty();
    }

    /**
     * The far end of this call, with a Replaces header (RFC 3891) naming this call's dialog: whoever
     * calls that address takes this call over (attended transfer).
     */
    private Address replacingAddress() {
        String replaces = sipCallId + ";to-tag=" + dialog.getRemoteTag() + ";from-tag=" + dialog.getLocalTag();
        return new Address(peer.uri() + "?Replaces=" + java.net.URLEncoder.encode(replaces, StandardCharsets.UTF_8));
    }

    /** Whether this call's dialog is the one a Replaces header names (tags as seen by the sender). */
    boolean isReplacedBy(String callId, String toTag, String fromTag) {
        return dialog != null && sipCallId.equals(callId) && toTag.equals(dialog.getLocalTag())
                && fromTag.equals(dialog.getRemoteTag()) && state != CallState.ENDED;
    }

    /** Another call took this one over (RFC 3891): leave it. */
    void replaced() {
        sendBye();
        end(EndReason.TRANSFERRED, "replaced by a transferred call");
    }

    @Override
    public String toString() {
        return id + " " + direction + " " + peer + " " + state;
    }

    // ---- outgoing ---------------------------------------------------------------------------

    void dial() {
        manager.publish(new CallEvent.Started(account(), id, peer, direction, manager.now()));
        try {
            media = engine.open(mediaOptions());
            sendInvite(peerUri(peer));
        } catch (MediaException | IllegalArgumentException | ParseException | SipException | InvalidArgumentException
                | UnknownHostException e) {
            end(EndReason.FAILED, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private void sendInvite(URI target) throws ParseException, SipException, InvalidArgumentException {
        var addresses = endpoint.addresses;
        var from = addresses.createAddress(addresses.createSipURI(manager.settings().user(), manager.settings().ownHost(endpoint.localPort())));
        if (!manager.settings().displayName().isBlank()) {
            from.setDisplayName(manager.settings().displayName());
        }
        Map<String, String> uriHeaders = takeHeaders(target);
        URI to = peerUri(peer);
        takeHeaders(to);
        nextSequence = Math.max(nextSequence, lastInviteSequence() + 1);
        Request invite = newRequest(Request.INVITE, target, from, addresses.createAddress(to));
        invite.addHeader(endpoint.headers.createSupportedHeader(Extensions.RELIABLE_PROVISIONALS));
        for (Map.Entry<String, String> header : uriHeaders.entrySet()) {
            invite.addHeader(endpoint.headers.createHeader(header.getKey(), header.getValue()));
        }
        List<RtpFormat> offered = ourFormats();
        if (!Negotiation.hasAudio(offered)) {
            throw new IllegalArgumentException("the media engine offers none of the account's codecs ("
                    + manager.settings().codecs() + ")");
        }
        setSdp(invite, withOfferedKeys(localDescription(MediaDirection.SEND_RECEIVE, offered)
                .withRtcpMux(rtcpMux())), offeredVideoLine(false), List.of());
        manager.authentication().authorize(invite);
        inviteTransaction = endpoint.newTransaction(invite);
        dialog = endpoint.provider().getNewDialog(inviteTransaction);
        endpoint.send(inviteTransaction, new InviteOutcome(0));
    }

    /** The CSeq of the INVITE sent last, with credentials or not; 0 before the first. */
    private long lastInviteSequence() {
        return inviteTransaction == null ? 0
                : ((CSeqHeader) inviteTransaction.getRequest().getHeader(CSeqHeader.NAME)).getSeqNumber();
    }

    private final class InviteOutcome implements SipEndpoint.ResponseHandler {
        private final int challenges;

        InviteOutcome(int challenges) {
            this.challenges = challenges;
        }

        @Override
        public void response(Response response, ClientTransaction transaction) {
            manager.executor().execute(() -> inviteResponse(response, transaction, challenges));
        }

        @Override
        public void failed(String reason) {
            manager.executor().execute(() -> end(EndReason.FAILED, reason));
        }
    }

    private void inviteResponse(Response response, ClientTransaction transaction, int challenges) {
        int status = response.getStatusCode();
        String what = status + " " + response.getReasonPhrase() + Optional.ofNullable(response.getHeader(WarningHeader.NAME))
                .map(warning -> " (" + ((WarningHeader) warning).getText() + ")").orElse("");
        if (status == Response.TRYING) {
            return;
        }
        if (status < 200) {
            provisionalSeen = true;
            if (state == CallState.ENDED || !reliable.accept(response, dialog)) {
                return;
            }
            if (cancelWanted) {
                sendCancel();
                return;
            }
            provisional(response);
            return;
        }
        if (status < 300) {
            transfer.report("SIP/2.0 " + what);
            Dialog confirmed = transaction.getDialog() != null ? transaction.getDialog() : dialog;
            dialog = confirmed;
            ack(response);
            if (state == CallState.ENDED || cancelWanted) {
                sendBye();
                return;
            }
            try {
                if (hasBody(response) || earlyAnswer.isEmpty()) {
                    SessionDescription answer = Sdp.read(hasBody(response) ? body(response) : "");
                    takeAnsweredKeys(answer);
                    media.setDirection(Sdp.reversed(answer.direction()));
                    startMedia(answer);
                    video.answered(Sdp.readVideo(hasBody(response) ? body(response) : ""));
                }
                change(CallState.CONNECTED);
            } catch (IllegalArgumentException e) {
                sendBye();
                end(EndReason.FAILED, "the answer's SDP is unusable: " + e.getMessage());
            } catch (MediaException e) {
                sendBye();
                end(EndReason.FAILED, "the call's media cannot be secured: " + e.getMessage());
            }
            return;
        }
        if (state == CallState.ENDED) {
            return;
        }
        if ((status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED) && challenges == 0) {
            retryWithCredentials(response, transaction);
        } else if (status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED) {
            manager.authentication().refused(response);
            end(EndReason.FAILED, what);
        } else if (status >= 300 && status < 400 && redirects < MAX_REDIRECTS && redirectTarget(response).isPresent()) {
            redirects++;
            try {
                sendInvite(redirectTarget(response).get());
            } catch (ParseException | SipException | InvalidArgumentException e) {
                end(EndReason.FAILED, "cannot follow the redirect: " + e.getMessage());
            }
        } else if (status == Response.REQUEST_TERMINATED) {
            end(EndReason.LOCAL_HANGUP, what);
        } else if (status == Response.BUSY_HERE || status == Response.BUSY_EVERYWHERE || status == Response.DECLINE) {
            end(EndReason.REJECTED, what);
        } else if (status == Response.REQUEST_TIMEOUT || status == Response.TEMPORARILY_UNAVAILABLE) {
            end(EndReason.NO_ANSWER, what);
        } else {
            end(EndReason.FAILED, what);
        }
    }

    /** Ringing, or early media when the response carries the answer (its SDP). */
    private void provisional(Response response) {
        if (!hasBody(response)) {
            if (state == CallState.DIALING) {
                change(CallState.RINGING);
            }
            return;
        }
        try {
            SessionDescription answer = Sdp.read(body(response));
            takeAnsweredKeys(answer);
            media.setDirection(Sdp.reversed(answer.direction()));
            startMedia(answer);
            video.answered(Sdp.readVideo(body(response)));
            earlyAnswer = Optional.of(answer);
            change(CallState.EARLY_MEDIA);
        } catch (IllegalArgumentException | MediaException e) {
            endpoint.traceProblem("unusable SDP in " + response.getStatusCode(), e);
        }
    }

    private void retryWithCredentials(Response challenge, ClientTransaction transaction) {
        try {
            ClientTransaction retry = manager.authentication().answer(challenge, transaction,
                    endpoint.provider());
            inviteTransaction = retry;
            try {
                dialog = endpoint.provider().getNewDialog(retry);
            } catch (SipException alreadyHasOne) {
                dialog = retry.getDialog();
            }
            endpoint.send(retry, new InviteOutcome(1));
        } catch (SipException | RuntimeException e) {
            end(EndReason.FAILED, "authentication failed: " + e.getMessage());
        }
    }

    private Optional<URI> redirectTarget(Response response) {
        ContactHeader contact = (ContactHeader) response.getHeader(ContactHeader.NAME);
        return contact == null ? Optional.empty() : Optional.of(contact.getAddress().getURI());
    }

    private void ack(Response response) {
        try {
            long sequence = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber();
            Request ack = dialog.createAck(sequence);
            endpoint.traceSent(ack, String.valueOf(ack.getRequestURI()));
            dialog.sendAck(ack);
        } catch (SipException | InvalidArgumentException e) {
            // the far end retransmits its 2xx and we try again, or it ends the call
        }
    }

    private void sendCancel() {
        try {
            Request cancel = inviteTransaction.createCancel();
            ClientTransaction transaction = endpoint.newTransaction(cancel);
            endpoint.send(transaction, IGNORE);
        } catch (SipException e) {
            end(EndReason.LOCAL_HANGUP, "");
        }
    }

    // ---- incoming ---------------------------------------------------------------------------

    void ring() {
        ring(false);
    }

    /**
     * Announces the incoming call. One that replaces a connected call (RFC 3891) or comes to an
     * auto-answering account is answered at once, without a 180 that would only delay the 200 OK
     * (unless the caller requires reliable provisional responses, whose 180 and PRACK come first).
     */
    void ring(boolean replacing) {
        manager.publish(new CallEvent.Started(account(), id, peer, direction, manager.now()));
        boolean answerAtOnce = replacing || manager.settings().autoAnswer();
        if (Extensions.required(inviteRequest, Extensions.RELIABLE_PROVISIONALS)) {
            ringReliably();
        } else if (!answerAtOnce) {
            respondToInvite(Response.RINGING, null);
        }
        if (answerAtOnce) {
            answerNow();
        }
    }

    /** 180 Ringing as a reliable provisional response: the caller requires it (RFC 3262). */
    private void ringReliably() {
        try {
            reliable.sendReliably(dialog, Response.RINGING, response -> {
                ((ToHeader) response.getHeader(ToHeader.NAME)).setTag(localTag);
                response.addHeader(contactHeader());
            });
        } catch (SipException | InvalidArgumentException | ParseException | RuntimeException e) {
            endpoint.traceProblem("cannot send a reliable 180", e);
            respondToInvite(Response.SERVER_INTERNAL_ERROR, null);
            end(EndReason.FAILED, "cannot ring reliably: " + e.getMessage());
        }
    }

    /** 420 Bad Extension: the INVITE requires extensions we do not know. */
    private void refuseExtensions(List<String> notUnderstood) {
        try {
            Response response = endpoint.messages.createResponse(Response.BAD_EXTENSION, inviteRequest);
            response.addHeader(endpoint.headers.createUnsupportedHeader(String.join(", ", notUnderstood)));
            endpoint.respond(inviteServerTransaction, response);
        } catch (SipException | ParseException | RuntimeException e) {
            endpoint.traceProblem("cannot answer the INVITE with 420", e);
        }
    }

    /**
     * Accepts the incoming call: reserves the local RTP port, answers 200 OK with the SDP that
     * names it, and only then starts the audio stream (see {@link #startAnsweredMedia}).
     */
    private void answerNow() {
        if (state != CallState.INCOMING || reliable.answerHeld()) {
            return;
        }
        List<RtpFormat> formats = Negotiation.answerFormats(offer.formats(), ourFormats());
        SessionDescription offered = new SessionDescription(offer.address(), offer.port(),
                Negotiation.asOffered(offer.formats(), formats), offer.direction(), 0).withIce(offer.ice());
        SessionDescription remote = offer.rtcp().map(offered::withRtcp).orElse(offered);
        if (remote.audioFormat().isEmpty() || offer.port() == 0) {
            String reason = offer.port() == 0 ? "the offer rejects its audio stream"
                    : Negotiation.noCommonCodec(offer.formats(), ourFormats());
            refuseOffer(reason);
            end(EndReason.FAILED, reason);
            return;
        }
        try {
            media = engine.open(mediaOptions());
        } catch (MediaException | UnknownHostException e) {
            respondToInvite(Response.SERVER_INTERNAL_ERROR, null);
            end(EndReason.FAILED, e.getMessage());
            return;
        }
        MediaDirection answered = Sdp.answerDirection(offer.direction(), MediaDirection.SEND_RECEIVE);
        SessionDescription agreed = remote.withRtcpMux(offer.rtcpMux() && rtcpMux());
        SessionDescription answer;
        try {
            answer = withAnsweredKeys(offer, localDescription(answered, formats).withRtcpMux(agreed.rtcpMux())
                    .withIce(offer.ice().isPresent() ? media.iceParameters() : Optional.empty()));
            answerVideo = answeredVideoLine(offeredVideo);
        } catch (MediaException e) {
            refuseOffer(e.getMessage());
            end(EndReason.FAILED, "the call's media cannot be secured: " + e.getMessage());
            return;
        }
        reliable.answerWhenAcknowledged(() -> {
            if (state == CallState.INCOMING) {
                respondToInvite(Response.OK, answer);
                startAnsweredMedia(agreed, answered);
                startAnsweredVideo();
            }
        }, () -> {
            respondToInvite(Response.SERVER_INTERNAL_ERROR, null);
            end(EndReason.FAILED, "the caller did not acknowledge the reliable 180 (no PRACK)");
        });
    }

    /**
     * Starts the audio of a call whose 200 OK has just been sent. The answer's SDP needs only the
     * local port, reserved when the session opened, while starting the stream takes libjitsi several
     * milliseconds that the caller need not wait for; RTP that arrives meanwhile waits in the socket.
     * If the stream cannot start, the call ends with a BYE.
     */
    private void startAnsweredMedia(SessionDescription remote, MediaDirection answered) {
        try {
            media.setDirection(answered);
            startMedia(remote);
            change(answered == MediaDirection.SEND_RECEIVE ? CallState.CONNECTED : CallState.ON_HOLD);
        } catch (MediaException | IllegalArgumentException e) {
            sendBye();
            end(EndReason.FAILED, "cannot start the audio: " + e.getMessage());
        }
    }

    /** A re-INVITE in this call's dialog: the far end holds, resumes or moves its media. */
    void reinvite(RequestEvent event) {
        Request request = event.getRequest();
        try {
            ServerTransaction transaction = event.getServerTransaction() != null ? event.getServerTransaction()
                    : endpoint.provider().getNewServerTransaction(request);
            if (reinvites.pending()) {
                endpoint.respond(transaction, endpoint.messages.createResponse(Response.REQUEST_PENDING, request));
                return;
            }
            if (state == CallState.ENDED || media == null || !hasBody(request)) {
                endpoint.respond(transaction, endpoint.messages.createResponse(Response.NOT_ACCEPTABLE_HERE, request));
                return;
            }
            SessionDescription changed = Sdp.read(body(request));
            Optional<VideoDescription> reofferedVideo = Sdp.readVideo(body(request));
            MediaDirection answered = Sdp.answerDirection(changed.direction(),
                    heldByUs ? MediaDirection.SEND_ONLY : MediaDirection.SEND_RECEIVE);
            List<RtpFormat> formats = Negotiation.answerFormats(changed.formats(), ourFormats());
            Optional<String> keyChange = reofferProblem(changed);
            if (keyChange.isPresent()) {
                Response refusal = endpoint.messages.createResponse(Response.NOT_ACCEPTABLE_HERE, request);
                refusal.addHeader(warning(keyChange.get()));
                endpoint.respond(transaction, refusal);
                return;
            }
            boolean muxed = changed.rtcpMux() && rtcpMux();
            SessionDescription ours = localDescription(answered, formats).withRtcpMux(muxed)
                    .withIce(changed.ice().isPresent() ? media.iceParameters() : Optional.empty());
            if (sdesSecured()) {
                ours = withAnsweredKeys(changed, ours);
            } else if (dtls.isPresent()) {
                media.useDtls(changed.fingerprints(), dtls.get().role());
                ours = ours.withDtls(changed.profile(), media.dtlsFingerprint(), DtlsSetup.of(dtls.get().role()));
            }
            SessionDescription offered = new SessionDescription(changed.address(), changed.port(),
                    Negotiation.asOffered(changed.formats(), formats), changed.direction(), 0).withIce(changed.ice());
            startMedia(changed.rtcp().map(offered::withRtcp).orElse(offered).withRtcpMux(muxed));
            media.setDirection(answered);
            Response ok = endpoint.messages.createResponse(Response.OK, request);
            ok.addHeader(contactHeader());
            setSdp(ok, ours, answeredVideoLine(reofferedVideo), Sdp.mediaLines(body(request)));
            endpoint.respond(transaction, ok);
            startAnsweredVideo();
            change(answered == MediaDirection.SEND_RECEIVE ? CallState.CONNECTED : CallState.ON_HOLD);
        } catch (SipException | ParseException | IllegalArgumentException | MediaException e) {
            manager.respond(event, Response.NOT_ACCEPTABLE_HERE);
        }
    }

    /** ACK, BYE, CANCEL or INFO for this call. */
    void request(RequestEvent event) {
        Request request = event.getRequest();
        switch (request.getMethod()) {
            case Request.BYE -> {
                manager.respond(event, Response.OK);
                end(EndReason.REMOTE_HANGUP, "");
            }
            case Request.CANCEL -> {
                manager.respond(event, Response.OK);
                if (state == CallState.INCOMING) {
                    respondToInvite(Response.REQUEST_TERMINATED, null);
                    end(EndReason.REMOTE_HANGUP, "cancelled by the caller");
                }
            }
            case Request.INFO -> {
                manager.respond(event, Response.OK);
                InfoDtmf.read(request).ifPresent(this::dtmfReceived);
            }
            case Request.PRACK -> reliable.prackReceived(event);
            case Request.REFER -> transfer.referred(event);
            case Request.NOTIFY -> {
                manager.respond(event, Response.OK);
                transfer.notified(request);
            }
            default -> {
                // ACK confirms the answer; nothing more to do
            }
        }
    }

    // ---- both -------------------------------------------------------------------------------

    void hangUpNow() {
        hangUpNow(EndReason.LOCAL_HANGUP, "");
    }

    /** Ends the call now (BYE, CANCEL or a refusal, as its state needs), for {@code reason}. */
    void hangUpNow(EndReason reason, String detail) {
        switch (state) {
            case ENDED -> {
                return;
            }
            case INCOMING -> respondToInvite(Response.DECLINE, null);
            case DIALING, RINGING, EARLY_MEDIA -> {
                cancelWanted = true;
                if (provisionalSeen) {
                    sendCancel();
                }
            }
            default -> sendBye();
        }
        end(reason, detail);
    }

    CallTransfer transfer() {
        return transfer;
    }

    /** Our part of the call is over: the far end reached the party we transferred it to. */
    void handedOver(String detail) {
        sendBye();
        end(EndReason.TRANSFERRED, detail);
    }

    /** A request in this call's dialog, with our Contact. */
    Request inDialogRequest(String method) throws SipException, ParseException {
        Request request = dialog.createRequest(method);
        if (!method.equals(Request.BYE)) {
            request.addHeader(contactHeader());
        }
        return request;
    }

    /** Sends a request made by {@link #inDialogRequest}; its outcome goes to {@code handler}. */
    void sendInDialog(Request request, SipEndpoint.ResponseHandler handler) throws SipException {
        ClientTransaction transaction = endpoint.newTransaction(request);
        transaction.setApplicationData(handler);
        endpoint.traceSent(request, String.valueOf(request.getRequestURI()));
        dialog.sendRequest(transaction);
    }

    private void sendBye() {
        try {
            sendInDialog(inDialogRequest(Request.BYE), IGNORE);
        } catch (SipException | ParseException | RuntimeException e) {
            // the far end's session timer or RTP timeout ends its side
        }
    }

    /** Sends a re-INVITE for the direction we want now (hold or not); false if there is no call to change. */
    private boolean sendReinvite() {
        if (state != CallState.CONNECTED && state != CallState.ON_HOLD) {
            return false;
        }
        MediaDirection wanted = heldByUs ? MediaDirection.SEND_ONLY : MediaDirection.SEND_RECEIVE;
        try {
            Request reinvite = inDialogRequest(Request.INVITE);
            List<RtpFormat> formats = media.format().map(format -> Negotiation.withOurParameters(format, ourFormats()))
                    .map(format -> telephoneEvent.isPresent() ? List.of(format, telephoneEvent.get()) : List.of(format))
                    .orElseGet(this::ourFormats);
            SessionDescription reoffer = localDescription(wanted, formats).withRtcpMux(rtcpMux());
            if (sdesSecured()) {
                reoffer = reoffer.withKeys(SrtpRules.offerProfile(manager.settings().srtp()), media.sdesOffer());
            } else if (dtls.isPresent()) {
                reoffer = reoffer.withDtls(dtls.get().profile(), media.dtlsFingerprint(), DtlsSetup.of(dtls.get().role()));
            }
            setSdp(reinvite, reoffer, offeredVideoLine(heldByUs), List.of());
            sendInDialog(reinvite, new SipEndpoint.ResponseHandler() {
                @Override
                public void response(Response response, ClientTransaction tx) {
                    manager.executor().execute(() -> reinviteResponse(response, wanted));
                }

                @Override
                public void failed(String reason) {
                    manager.executor().execute(reinvites::completed);
                }
            });
            return true;
        } catch (SipException | ParseException | RuntimeException e) {
            endpoint.traceProblem("cannot send a re-INVITE", e);
            return false;
        }
    }

    private void reinviteResponse(Response response, MediaDirection wanted) {
        int status = response.getStatusCode();
        if (status < 200) {
            return;
        }
        if (status == Response.REQUEST_PENDING) {
            reinvites.refusedAsPending();
            return;
        }
        if (status < 300 && state != CallState.ENDED) {
            ack(response);
            try {
                if (hasBody(response)) {
                    SessionDescription answer = Sdp.read(body(response));
                    if (sdesSecured() && answer.crypto().size() == 1) {
                        media.sdesAnswered(answer.crypto().get(0));
                    }
                    if (dtls.isPresent() && !answer.fingerprints().isEmpty()) {
                        media.useDtls(answer.fingerprints(), dtls.get().role());
                    }
                    media.setDirection(Sdp.reversed(answer.direction()));
                    video.answered(Sdp.readVideo(body(response)));
                } else {
                    media.setDirection(wanted);
                }
                change(heldByUs ? CallState.ON_HOLD : CallState.CONNECTED);
            } catch (IllegalArgumentException | MediaException e) {
                endpoint.traceProblem("unusable SDP in the answer to our re-INVITE", e);
            }
        }
        reinvites.completed();
    }

    private void sendInfo(char digit) {
        try {
            Request info = inDialogRequest(Request.INFO);
            InfoDtmf.write(info, digit, endpoint.headers);
            sendInDialog(info, IGNORE);
        } catch (SipException | ParseException | RuntimeException e) {
            // a lost keypad tone is reported by nobody; the user presses again
        }
    }

    /** ZRTP or DTLS ended its handshake, ZRTP failed, or the user marked its string verified. */
    private void securityChanged(MediaSecurity security) {
        if (state == CallState.ENDED) {
            return;
        }
        manager.publish(new CallEvent.SecurityChanged(account(), id, peer, security, manager.now()));
        if (security instanceof MediaSecurity.Unsecured && manager.settings().srtp() == SrtpPolicy.MANDATORY) {
            hangUpNow(EndReason.FAILED, "ZRTP could not secure the media and this account requires encrypted media"
                    + " (srtp=mandatory)");
        }
    }

    private void dtmfReceived(char digit) {
        manager.publish(new CallEvent.DtmfReceived(account(), id, peer, digit, manager.now()));
    }

    /** Whether this call offers and accepts RTCP on the RTP port: the account allows it and the engine can. */
    private boolean rtcpMux() {
        return manager.settings().rtcpMux() && media.supportsRtcpMux() && media.iceParameters().isEmpty();
    }

    /** The media engine gave up on the call's media (ICE found no path): the call ends with the reason. */
    private void mediaFailed(String reason) {
        if (state != CallState.ENDED) {
            hangUpNow(EndReason.FAILED, reason);
        }
    }

    private void startMedia(SessionDescription remote) {
        Optional<RtpFormat> audio = remote.audioFormat();
        if (audio.isEmpty() || remote.port() == 0) {
            throw new IllegalArgumentException("no audio format in common");
        }
        telephoneEvent = remote.telephoneEvent();
        InetSocketAddress remoteRtp = new InetSocketAddress(remote.address(), remote.port());
        if (remote.ice().isPresent() && media.iceParameters().isPresent()) {
            media.startWithIce(remote.ice().get(), direction == CallDirection.OUTGOING, audio.get(), telephoneEvent);
        } else if (remote.rtcpMux() && rtcpMux()) {
            media.startWithRtcpMux(remoteRtp, audio.get(), telephoneEvent);
        } else {
            media.start(remoteRtp, remote.rtcp().orElseGet(() -> new InetSocketAddress(remote.address(), remote.port() + 1)),
                    audio.get(), telephoneEvent);
        }
        media.setMuted(muted);
        if (!securityDeadlineSet && media.security() instanceof MediaSecurity.Negotiating negotiating
                && (manager.settings().srtp() == SrtpPolicy.MANDATORY || negotiating.keyExchange() == KeyExchange.DTLS)) {
            securityDeadlineSet = true;
            manager.executor().schedule(() -> securityDeadline(negotiating.keyExchange()), SECURITY_DEADLINE.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The limit on a handshake on the media path: a far end that never answers ZRTP would leave the
     * call plain, which a mandatory policy forbids; a DTLS handshake that never ends lets no audio through.
     */
    private void securityDeadline(KeyExchange keyExchange) {
        if (state != CallState.ENDED && !(media.security() instanceof MediaSecurity.Srtp)) {
            String name = keyExchange == KeyExchange.DTLS ? "DTLS-SRTP" : keyExchange.name();
            hangUpNow(EndReason.FAILED, name + " did not secure the media within " + SECURITY_DEADLINE.toSeconds()
                    + " s and " + (keyExchange == KeyExchange.DTLS ? "no audio can flow without it"
                            : "this account requires encrypted media (srtp=mandatory)"));
        }
    }

    /** The engine's formats this account uses, in its order of preference (its codecs setting). */
    private List<RtpFormat> ourFormats() {
        return manager.settings().codecs().apply(engine.formats());
    }

    private MediaSessionOptions mediaOptions() throws UnknownHostException {
        return new MediaSessionOptions(InetAddress.getByName(endpoint.localHost()),
                manager.settings().audioSource(), manager.settings().audioSink(),
                digit -> manager.executor().execute(() -> dtmfReceived(digit)),
                security -> manager.executor().execute(() -> securityChanged(security)),
                manager.settings().stunServer().map(server -> new InetSocketAddress(server.host(),
                        server.portOr(AccountSettings.STUN_PORT))),
                manager.iceSettings(), reason -> manager.executor().execute(() -> mediaFailed(reason)));
    }

    /**
     * Our offer with the profile and keys the account's SRTP policy asks for; with ZRTP, no keys
     * (they are agreed on the media path) and the session set to use it.
     */
    private SessionDescription withOfferedKeys(SessionDescription description) {
        SrtpPolicy policy = manager.settings().srtp();
        KeyExchange keyExchange = manager.settings().srtpKeyExchange();
        if (policy != SrtpPolicy.OFF && keyExchange == KeyExchange.ZRTP) {
            media.useZrtp();
            return description;
        }
        if (SrtpRules.offersDtls(policy, keyExchange)) {
            return description.withDtls(SrtpRules.offerProfile(policy, keyExchange), media.dtlsFingerprint(),
                    DtlsSetup.ACTPASS);
        }
        List<SdesCrypto> keys = SrtpRules.offersKeys(policy, keyExchange) ? media.sdesOffer() : List.of();
        if (keys.isEmpty() && policy == SrtpPolicy.MANDATORY) {
            throw new MediaException("the media engine cannot encrypt, and this account requires encrypted media"
                    + " (srtp=mandatory)");
        }
        return description.withKeys(SrtpRules.offerProfile(policy, keyExchange), keys);
    }

    /** Whether the call's media is encrypted with keys agreed in SDP (which re-offers must carry again). */
    private boolean sdesSecured() {
        return media.security() instanceof MediaSecurity.Srtp srtp && srtp.keyExchange() == KeyExchange.SDES;
    }

    /**
     * Our answer to {@code offer} with a key for one of its keys, as the policy says.
     *
     * @throws MediaException if the offer's keys cannot be taken and the call must not go on without
     */
    private SessionDescription withAnsweredKeys(SessionDescription offer, SessionDescription answer) {
        switch (SrtpRules.forOffer(manager.settings().srtp(), manager.settings().srtpKeyExchange(), offer)) {
            case SrtpRules.ForOffer.Plain plain -> {
                return answer;
            }
            case SrtpRules.ForOffer.Zrtp zrtp -> {
                media.useZrtp();
                return answer;
            }
            case SrtpRules.ForOffer.Refused refused -> throw new MediaException(refused.reason());
            case SrtpRules.ForOffer.Dtls agreed -> {
                media.useDtls(agreed.fingerprints(), agreed.role());
                dtls = Optional.of(new DtlsAgreement(offer.profile(), agreed.role()));
                return answer.withDtls(offer.profile(), media.dtlsFingerprint(), DtlsSetup.of(agreed.role()));
            }
            case SrtpRules.ForOffer.Keys keys -> {
                try {
                    return answer.withKeys(offer.profile(), List.of(media.sdesAnswer(keys.offered())));
                } catch (MediaException unusable) {
                    if (keys.plainIfUnusable()) {
                        return answer;
                    }
                    throw unusable;
                }
            }
        }
    }

    /** Takes the keys of an answer to our offer, or says why the call cannot go on with it. */
    private void takeAnsweredKeys(SessionDescription answer) {
        KeyExchange keyExchange = manager.settings().srtpKeyExchange();
        Optional<String> problem = SrtpRules.answerProblem(manager.settings().srtp(), keyExchange, answer);
        if (problem.isPresent()) {
            throw new MediaException(problem.get());
        }
        if (!answer.crypto().isEmpty() && SrtpRules.offersKeys(manager.settings().srtp(), keyExchange)) {
            media.sdesAnswered(answer.crypto().get(0));
        }
        if (!answer.fingerprints().isEmpty() && SrtpRules.offersDtls(manager.settings().srtp(), keyExchange)) {
            DtlsRole role = dtls.map(DtlsAgreement::role).orElseGet(() -> DtlsSetup.offererRole(answer.setup()).orElseThrow());
            media.useDtls(answer.fingerprints(), role);
            dtls = Optional.of(new DtlsAgreement(SrtpRules.offerProfile(manager.settings().srtp(), keyExchange), role));
        }
    }

    /** Why a re-offer cannot be taken: media cannot switch between plain and encrypted within a call. */
    private Optional<String> reofferProblem(SessionDescription reoffer) {
        boolean secured = media.security() instanceof MediaSecurity.Srtp || dtls.isPresent();
        if (sdesSecured() && reoffer.crypto().isEmpty()) {
            return Optional.of("the call's media is encrypted and the new offer has no SRTP keys");
        }
        if (dtls.isPresent() && reoffer.fingerprints().isEmpty()) {
            return Optional.of("the call's media is encrypted by DTLS-SRTP and the new offer has no fingerprint");
        }
        if (!secured && reoffer.requiresSrtp()) {
            return Optional.of("the call's media is not encrypted and the new offer demands SRTP");
        }
        return Optional.empty();
    }

    /** Refuses the incoming INVITE with 488 and a warning that says why (RFC 3261 section 20.43). */
    private void refuseOffer(String reason) {
        try {
            Response response = endpoint.messages.createResponse(Response.NOT_ACCEPTABLE_HERE, inviteRequest);
            ((ToHeader) response.getHeader(ToHeader.NAME)).setTag(localTag);
            response.addHeader(warning(reason));
            endpoint.respond(inviteServerTransaction, response);
        } catch (SipException | ParseException | RuntimeException e) {
            endpoint.traceProblem("cannot refuse the INVITE", e);
        }
    }

    private WarningHeader warning(String reason) throws ParseException {
        try {
            return endpoint.headers.createWarningHeader(endpoint.localHost(), 399, reason.replace('"', '\''));
        } catch (InvalidArgumentException e) {
            throw new ParseException(e.getMessage(), 0);
        }
    }

    private SessionDescription localDescription(MediaDirection wanted, List<RtpFormat> formats) {
        InetSocketAddress reachable = media.publicRtpAddress();
        String host = reachable.equals(media.localRtpAddress()) ? endpoint.localHost()
                : reachable.getAddress().getHostAddress();
        SessionDescription description = new SessionDescription(host, reachable.getPort(), formats, wanted, ++sdpVersion)
                .withIce(media.iceParameters());
        InetSocketAddress rtcp = media.publicRtcpAddress();
        boolean nextPortUp = rtcp.equals(new InetSocketAddress(reachable.getAddress(), reachable.getPort() + 1));
        return nextPortUp ? description : description.withRtcp(rtcp);
    }

    private void respondToInvite(int status, SessionDescription answer) {
        try {
            Response response = endpoint.messages.createResponse(status, inviteRequest);
            if (status > 100) {
                ((ToHeader) response.getHeader(ToHeader.NAME)).setTag(localTag);
            }
            if (status > 100 && status < 300) {
                response.addHeader(contactHeader());
            }
            if (answer != null) {
                setSdp(response, answer, answerVideo, offerLines);
            }
            endpoint.respond(inviteServerTransaction, response);
        } catch (SipException | ParseException | RuntimeException e) {
            endpoint.traceProblem("cannot answer the INVITE with " + status, e);
        }
    }

    private Request newRequest(String method, URI target, javax.sip.address.Address from,
            javax.sip.address.Address to) throws ParseException, InvalidArgumentException, SipException {
        var headers = endpoint.headers;
        ViaHeader via = headers.createViaHeader(endpoint.localHost(), endpoint.localPort(),
                endpoint.transport().lowerCase(), null);
        via.setRPort();
        Request request = endpoint.messages.createRequest(target, method,
                headers.createCallIdHeader(sipCallId), headers.createCSeqHeader(nextSequence++, method),
                headers.createFromHeader(from, localTag), headers.createToHeader(to, null), List.of(via),
                headers.createMaxForwardsHeader(70));
        request.addHeader(contactHeader());
        request.addHeader(headers.createUserAgentHeader(List.of("Parley/0.1")));
        request.addHeader(headers.createAllowHeader(String.join(", ", manager.allowed())));
        return request;
    }

    private ContactHeader contactHeader() throws ParseException {
        return endpoint.headers.createContactHeader(
                endpoint.addresses.createAddress(endpoint.contactUri(manager.settings().user())));
    }

    /** Removes the headers of a SIP URI ({@code ?Replaces=...}) and returns them, decoded. */
    private static Map<String, String> takeHeaders(URI uri) {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        if (uri instanceof SipURI sip) {
            List<String> names = new java.util.ArrayList<>();
            sip.getHeaderNames().forEachRemaining(name -> names.add(String.valueOf(name)));
            for (String name : names) {
                headers.put(name, java.net.URLDecoder.decode(sip.getHeader(name), StandardCharsets.UTF_8));
            }
            if (sip instanceof gov.nist.javax.sip.address.SipUri nist) {
                nist.removeHeaders();
            }
        }
        return headers;
    }

    private URI peerUri(Address address) throws ParseException {
        URI uri = endpoint.addresses.createURI(address.uri());
        if (uri instanceof SipURI sip && endpoint.transport() != Transport.UDP && sip.getTransportParam() == null) {
            sip.setTransportParam(endpoint.transport().lowerCase());
        }
        return uri;
    }

    private void setSdp(Message message, SessionDescription audio, Optional<VideoDescription> videoLine,
            List<MediaLine> answeredLines) throws ParseException {
        message.setContent(Sdp.write(audio, videoLine, answeredLines, sessionId),
                endpoint.headers.createContentTypeHeader("application", "sdp"));
    }

    /** The video line of an offer of ours; a video session that cannot open leaves the offer without video. */
    private Optional<VideoDescription> offeredVideoLine(boolean held) {
        try {
            return video.offer(endpoint.localHost(), held);
        } catch (UnknownHostException | MediaException e) {
            endpoint.traceProblem("video left out of the offer", e);
            video.want(false);
            return Optional.empty();
        }
    }

    /** The video line answering an offer's; a video session that cannot open rejects the offered video. */
    private Optional<VideoDescription> answeredVideoLine(Optional<VideoDescription> offered) {
        try {
            return video.answer(offered, endpoint.localHost(), heldByUs);
        } catch (UnknownHostException | MediaException e) {
            endpoint.traceProblem("offered video refused", e);
            return offered.map(line -> VideoDescription.rejected(endpoint.localHost()));
        }
    }

    private void startAnsweredVideo() {
        try {
            video.startAnswered();
        } catch (MediaException | IllegalArgumentException e) {
            endpoint.traceProblem("cannot start the video", e);
        }
    }

    private void videoChanged(MediaDirection now) {
        if (state != CallState.ENDED) {
            manager.publish(new CallEvent.VideoChanged(account(), id, peer, now, manager.now()));
        }
    }

    private void change(CallState next) {
        CallState previous = state;
        if (previous == next || previous == CallState.ENDED) {
            return;
        }
        state = next;
        manager.publish(new CallEvent.StateChanged(account(), id, peer, previous, next, manager.now()));
    }

    private void end(EndReason reason, String detail) {
        if (state == CallState.ENDED) {
            return;
        }
        transfer.report("SIP/2.0 " + (detail != null && detail.matches("[3-6]\\d\\d .*") ? detail : "487 Request Terminated"));
        if (media != null) {
            finalStatistics = media.statistics();
            finalSecurity = media.security();
        }
        state = CallState.ENDED;
        if (conference.isPresent()) {
            leaveConference();
        }
        reliable.discard();
        video.close();
        manager.forget(this);
        CallEvent.Ended ended = new CallEvent.Ended(account(), id, peer, reason, detail == null ? "" : detail, manager.now());
        if (media != null) {
            manager.mediaClosing().close(media, () -> manager.publish(ended));
        } else {
            manager.publish(ended);
        }
    }

    private void requireState(String what, CallState... allowed) {
        CallState now = state;
        for (CallState candidate : allowed) {
            if (candidate == now) {
                return;
            }
        }
        throw new IllegalStateException("Cannot " + what + " a call that is " + now.name().toLowerCase(Locale.ROOT));
    }

    private static boolean hasBody(Message message) {
        byte[] raw = message.getRawContent();
        return raw != null && raw.length > 0;
    }

    private static String body(Message message) {
        return new String(message.getRawContent(), StandardCharsets.UTF_8);
    }

    /** For requests whose outcome changes nothing. */
    static final SipEndpoint.ResponseHandler IGNORE = new SipEndpoint.ResponseHandler() {
        @Override
        public void response(Response response, ClientTransaction transaction) {
        }

        @Override
        public void failed(String reason) {
        }
    };

    /** How a call's media is keyed by DTLS: the m= line profile agreed and our side of the handshake. */
    private record DtlsAgreement(String profile, DtlsRole role) {
    }
}
