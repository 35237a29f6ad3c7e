package org.parley.sip.internal.auth;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Optional;

import javax.sip.ClientTransaction;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import gov.nist.javax.sip.clientauthutils.AuthenticationHelper;

/**
 * Digest authentication of one account. New requests carry credentials for the realms that
 * challenged the account before (preemptive authentication), with the next nonce count, so the
 * server need not challenge them again: REGISTER an Authorization for the registrar's realms
 * (401), every other request a Proxy-Authorization for the proxy's realms (407). A challenge is
 * answered once with its fresh nonce, and remembered for the requests that follow.
 */
public final class DigestAuthentication {

    private final Credentials credentials;
    private final Authorizations authorizations;
    /** Builds the retry of a challenged request (new branch, next CSeq, the dialog's bookkeeping). */
    private final AuthenticationHelper retries;
    private final Challenges challenges = new Challenges();

    /** @param retries a JAIN-SIP helper whose credentials are {@code credentials} */
    public DigestAuthentication(Credentials credentials, HeaderFactory headers, AuthenticationHelper retries) {
        this.credentials = credentials;
        this.authorizations = new Authorizations(credentials, headers);
        this.retries = retries;
    }

    /** Adds the credentials for the realms that challenged such requests before; none if none did. */
    public void authorize(Request request) throws SipException {
        for (NonceUse use : challenges.of(!Request.REGISTER.equals(request.getMethod()))) {
            header(request, use).ifPresent(request::addHeader);
        }
    }

    /**
     * The retry of the request that {@code challenge} answered, with credentials for its fresh
     * nonces, not yet sent.
     *
     * @throws SipException if the challenge asks for nothing this client can answer
     */
    public ClientTransaction answer(Response challenge, ClientTransaction challenged, SipProvider provider)
            throws SipException {
        List<DigestChallenge> fresh = challengesIn(challenge);
        if (fresh.isEmpty()) {
            throw new SipException("the server asks for an authentication other than digest MD5 with qop auth");
        }
        ClientTransaction retry = retries.handleChallenge(challenge, challenged, provider, 5);
        Request request = retry.getRequest();
        request.removeHeader(AuthorizationHeader.NAME);
        request.removeHeader(ProxyAuthorizationHeader.NAME);
        boolean register = Request.REGISTER.equals(request.getMethod());
        for (DigestChallenge each : fresh) {
            // A user agent's own 401 to a call is answered but not sent to the registrar later.
            NonceUse use = each.proxy() || register ? challenges.remember(each) : new NonceUse(each);
            request.addHeader(header(request, use).orElseThrow(
                    () -> new SipException("no password is stored to answer " + each.realm())));
        }
        return retry;
    }

    /** The server challenged the answer to a challenge again: the credentials were wrong. */
    public void refused(Response challenge) {
        for (DigestChallenge each : challengesIn(challenge)) {
            challenges.forget(each);
            credentials.forget(each.realm());
        }
    }

    private Optional<AuthorizationHeader> header(Request request, NonceUse use) throws SipException {
        try {
            return authorizations.header(request, use);
        } catch (ParseException e) {
            throw new SipException("cannot write the credentials for " + use.challenge().realm() + ": "
                    + e.getMessage(), e);
        }
    }

    private static List<DigestChallenge> challengesIn(Response response) {
        List<DigestChallenge> found = new ArrayList<>();
        for (String name : List.of(WWWAuthenticateHeader.NAME, ProxyAuthenticateHeader.NAME)) {
            ListIterator<?> each = response.getHeaders(name);
            while (each.hasNext()) {
                Optional<DigestChallenge> challenge = DigestChallenge.of((WWWAuthenticateHeader) each.next());
                challenge.filter(c -> found.stream().noneMatch(known -> known.realm().equals(c.realm())
                        && known.proxy() == c.proxy())).ifPresent(found::add);
            }
        }
        return found;
    }
}
