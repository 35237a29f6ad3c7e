package org.parley.sip.internal;

import java.text.ParseException;
import java.util.List;

import javax.sip.InvalidArgumentException;
import javax.sip.address.SipURI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;

/**
 * Requests an account sends to its own server outside any dialog (REGISTER, the keep-alive
 * OPTIONS): From and To are the account's address of record, the Via asks for rport (RFC 3581).
 */
final class AccountRequests {

    private AccountRequests() {
    }

    /** The Request-URI naming the account's first hop (outbound proxy or registrar), port included when set. */
    static SipURI serverUri(SipEndpoint endpoint, HostPort server) throws ParseException {
        SipURI uri = endpoint.addresses.createSipURI(null, server.host());
        server.port().ifPresent(uri::setPort);
        return uri;
    }

    /** A request of {@code method} to {@code requestUri} in the account's {@code callId} sequence. */
    static Request build(SipEndpoint endpoint, AccountSettings settings, String method, SipURI requestUri,
            CallIdHeader callId, long sequence) throws ParseException, InvalidArgumentException {
        var addresses = endpoint.addresses;
        var headers = endpoint.headers;
        var aor = addresses.createAddress(addresses.createSipURI(settings.user(), settings.domain()));
        if (!settings.displayName().isBlank()) {
            aor.setDisplayName(settings.displayName());
        }
        var from = headers.createFromHeader(aor, Long.toHexString(Double.doubleToLongBits(Math.random())));
        var to = headers.createToHeader(aor, null);
        ViaHeader via = headers.createViaHeader(endpoint.localHost(), endpoint.localPort(),
                endpoint.transport().lowerCase(), null);
        via.setRPort();
        Request request = endpoint.messages.createRequest(requestUri, method, callId,
                headers.createCSeqHeader(sequence, method), from, to, List.of(via), headers.createMaxForwardsHeader(70));
        request.addHeader(headers.createUserAgentHeader(List.of("Parley/0.1")));
        return request;
    }
}
