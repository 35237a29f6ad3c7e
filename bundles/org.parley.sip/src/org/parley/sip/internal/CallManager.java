package org.parley.sip.internal;

import java.net.InetSocketAddress;
import java.text.ParseException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

import javax.sip.RequestEvent;
import javax.sip.SipException;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.parley.core.Address;
import org.parley.core.account.AccountId;
import org.parley.core.media.IceSettings;
import org.parley.core.media.MediaEngine;
import org.parley.core.telephony.Call;
import org.parley.core.telephony.CallEvent;
import org.parley.core.telephony.CallListener;
import org.parley.core.telephony.Telephony;
import org.parley.sip.internal.auth.DigestAuthentication;


/**
 * The calls of one account: places outgoing calls, takes incoming INVITEs, and routes in-dialog
 * requests (ACK, BYE, CANCEL, re-INVITE, INFO, PRACK, REFER, NOTIFY) to their call. Runs on the account's executor.
 */
final class CallManager implements Telephony {

    private final AccountId account;
    private final AccountSettings settings;
    private final SipEndpoint endpoint;
    private final ScheduledExecutorService executor;
    private final DigestAuthentication authentication;
    private final Supplier<Optional<MediaEngine>> media;
    private final Supplier<Optional<char[]>> turnPassword;
    private final Whiteboard<CallListener> listeners;
    private final Map<String, SipCall> calls = new ConcurrentHashMap<>();
    private final MediaClosing mediaClosing;
    /** The methods the account takes (its Allow header): the built-in ones until extensions are set up. */
    private volatile Supplier<? extends java.util.Collection<String>> allowed = () -> ExtensionRequests.BUILT_IN;

    CallManager(AccountSettings settings, SipEndpoint endpoint, ScheduledExecutorService executor,
            DigestAuthentication authentication, Supplier<Optional<MediaEngine>> media,
            Supplier<Optional<char[]>> turnPassword, Whiteboard<CallListener> listeners) {
        this.account = settings.id();
        this.settings = settings;
        this.endpoint = endpoint;
        this.executor = executor;
        this.authentication = authentication;
        this.media = media;
        this.turnPassword = turnPassword;
        this.listeners = listeners;
        this.mediaClosing = new MediaClosing(account.value());
        endpoint.handle(Request.INVITE, event -> executor.execute(() -> invite(event)));
        for (String method : List.of(Request.ACK, Request.BYE, Request.CANCEL, Request.INFO, Request.REFER,
                Request.PRACK)) {
            endpoint.handle(method, event -> executor.execute(() -> inDialog(event)));
        }
        endpoint.handle(Request.NOTIFY, this::notify);
    }

    /**
     * On JAIN-SIP's thread: a NOTIFY of a call's transfer (Event: refer, or the Call-ID of a call)
     * goes to the call; any other to the account's extensions (subscriptions of other bundles).
     */
    private void notify(RequestEvent event) {
        Request request = event.getRequest();
        boolean refer = Incoming.eventPackageOf(request).map("refer"::equalsIgnoreCase).orElse(false);
        if (refer || calls.containsKey(callIdOf(request))) {
            executor.execute(() -> inDialog(event));
        } else {
            endpoint.toOthers(event);
        }
    }

    @Override
    public Call call(Address peer) {
        MediaEngine engine = media.get().orElseThrow(
                () -> new IllegalStateException("No media engine is running: calls cannot carry audio"));
        SipCall call = SipCall.outgoing(this, peer, engine);
        calls.put(call.sipCallId(), call);
        executor.execute(call::dial);
        return call;
    }

    @Override
    public List<Call> calls() {
        return calls.values().stream().filter(call -> !call.ended())
                .sorted(Comparator.comparing(SipCall::startedAt)).map(Call.class::cast).toList();
    }

    /**
     * What calls' media sessions gather for ICE: nothing with {@code ice=false}; host and (with a STUN
     * server) server-reflexive candidates, and relayed ones from the account's TURN server with the TURN
     * password from the credential store.
     */
    IceSettings iceSettings() {
        if (!settings.ice()) {
            return IceSettings.OFF;
        }
        if (settings.turnServer().isEmpty()) {
            return IceSettings.withoutTurn();
        }
        HostPort server = settings.turnServer().get();
        char[] password = turnPassword.get().orElse(new char[0]);
        try {
            return new IceSettings(true, Optional.of(new InetSocketAddress(server.host(),
                    server.portOr(AccountSettings.STUN_PORT))), settings.turnUser(), new String(password));
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** The media engine has gone: every call ends, as it can no longer carry audio. */
    void mediaStopped() {
        executor.execute(() -> calls.values().forEach(call -> {
            if (!call.ended()) {
                call.hangUpNow(CallEvent.EndReason.FAILED, "the media engine stopped");
            }
        }));
    }

    /** Ends every call (the account is going away). */
    void hangUpAll() {
        calls.values().forEach(call -> {
            if (!call.ended()) {
                call.hangUpNow();
            }
        });
    }

    private void invite(RequestEvent event) {
        SipCall existing = calls.get(callIdOf(event.getRequest()));
        if (existing != null) {
            existing.reinvite(event);
            return;
        }
        Optional<MediaEngine> engine = media.get();
        if (engine.isEmpty()) {
            respond(event, Response.TEMPORARILY_UNAVAILABLE);
            return;
        }
        Optional<SipCall> replaced = Optional.empty();
        javax.sip.header.Header replaces = event.getRequest().getHeader("Replaces");
        if (replaces != null) {
            replaced = replacedCall(replaces.toString());
            if (replaced.isEmpty()) {
                respond(event, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
                return;
            }
        }
        SipCall call = SipCall.incoming(this, event, engine.get());
        if (call != null) {
            calls.put(call.sipCallId(), call);
            call.ring(replaced.isPresent());
            replaced.ifPresent(SipCall::replaced);
        }
    }

    private void inDialog(RequestEvent event) {
        SipCall call = calls.get(callIdOf(event.getRequest()));
        if (call == null) {
            if (!event.getRequest().getMethod().equals(Request.ACK)) {
                respond(event, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            }
            return;
        }
        call.request(event);
    }

    /** The call a Replaces header ({@code Replaces: call-id;to-tag=..;from-tag=..}) names, if it is ours. */
    private Optional<SipCall> replacedCall(String header) {
        String value = header.substring(header.indexOf(':') + 1).strip();
        String[] parts = value.split(";");
        String toTag = "";
        String fromTag = "";
        for (int i = 1; i < parts.length; i++) {
            String[] pair = parts[i].strip().split("=", 2);
            if (pair.length == 2 && pair[0].equalsIgnoreCase("to-tag")) {
                toTag = pair[1];
            } else if (pair.length == 2 && pair[0].equalsIgnoreCase("from-tag")) {
                fromTag = pair[1];
            }
        }
        String callId = parts[0].strip();
        String to = toTag;
        String from = fromTag;
        return calls.values().stream().filter(call -> call.isReplacedBy(callId, to, from)).findFirst();
    }

    void forget(SipCall call) {
        calls.remove(call.sipCallId(), call);
    }

    void publish(CallEvent event) {
        listeners.publish(account, listener -> listener.callChanged(event));
    }

    void respond(RequestEvent event, int status) {
        try {
            endpoint.respond(event, endpoint.messages.createResponse(status, event.getRequest()));
        } catch (SipException | ParseException e) {
            // the far end retransmits or gives up; nothing to undo here
        }
    }

    AccountId account() {
        return account;
    }

    /** The methods the account takes now, for Allow headers (the calls' and its extension handlers'). */
    java.util.Collection<String> allowed() {
        return allowed.get();
    }

    void allowed(Supplier<? extends java.util.Collection<String>> methods) {
        allowed = methods;
    }

    AccountSettings settings() {
        return settings;
    }

    SipEndpoint endpoint() {
        return endpoint;
    }

    ScheduledExecutorService executor() {
        return executor;
    }

    /** Where ended calls close their media; {@link CallEvent.Ended} is published after the close. */
    MediaClosing mediaClosing() {
        return mediaClosing;
    }

    DigestAuthentication authentication() {
        return authentication;
    }

    Instant now() {
        return Instant.now();
    }

    private static String callIdOf(Request request) {
        return ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
    }
}
