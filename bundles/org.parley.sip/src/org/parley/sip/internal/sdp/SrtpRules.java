package org.parley.sip.internal.sdp;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.parley.core.media.DtlsFingerprint;
import org.parley.core.media.DtlsRole;
import org.parley.core.media.MediaSecurity.KeyExchange;
import org.parley.core.media.SdesCrypto;
import org.parley.core.media.SrtpPolicy;

/**
 * What an account's SRTP policy makes of offers and answers: which profile and keys (RFC 4568) or
 * DTLS fingerprint (RFC 5763) an offer carries, and whether an offer or answer received can be taken.
 */
public final class SrtpRules {

    private SrtpRules() {
    }

    /** What to do with a received offer. */
    public sealed interface ForOffer {
        /** Answer with plain RTP and no keys. */
        record Plain() implements ForOffer {
        }

        /** Answer with a key for one of these offered ones (if none can be taken: plain RTP when {@code plainIfUnusable}, else a refusal). */
        record Keys(List<SdesCrypto> offered, boolean plainIfUnusable) implements ForOffer {
        }

        /** Answer with plain RTP and secure it with ZRTP on the media path. */
        record Zrtp() implements ForOffer {
        }

        /** Answer with our fingerprint and secure the media by a DTLS handshake in which we take this side. */
        record Dtls(List<DtlsFingerprint> fingerprints, DtlsRole role) implements ForOffer {
        }

        /** Refuse the offer (488) for this reason. */
        record Refused(String reason) implements ForOffer {
        }
    }

    /** The m= line profile our offers use: SRTP only when the policy demands it. */
    public static String offerProfile(SrtpPolicy policy) {
        return policy == SrtpPolicy.MANDATORY ? SessionDescription.SRTP : SessionDescription.RTP;
    }

    /** Whether our offers carry SDES keys. */
    public static boolean offersKeys(SrtpPolicy policy, KeyExchange keyExchange) {
        return policy != SrtpPolicy.OFF && keyExchange == KeyExchange.SDES;
    }

    /** Whether our offers carry a DTLS fingerprint (with {@code a=setup:actpass}). */
    public static boolean offersDtls(SrtpPolicy policy, KeyExchange keyExchange) {
        return policy != SrtpPolicy.OFF && keyExchange == KeyExchange.DTLS;
    }

    /**
     * The m= line profile our offers use: SRTP only when the policy demands it and keys travel in SDP
     * or by DTLS ({@code UDP/TLS/RTP/SAVP}). An optional DTLS offer is plain RTP with a fingerprint, which
     * a far end without DTLS ignores.
     */
    public static String offerProfile(SrtpPolicy policy, KeyExchange keyExchange) {
        return switch (keyExchange) {
            case ZRTP -> SessionDescription.RTP;
            case DTLS -> policy == SrtpPolicy.MANDATORY ? SessionDescription.DTLS_SRTP : SessionDescription.RTP;
            case SDES -> offerProfile(policy);
        };
    }

    /**
     * Decides on an offer received in an INVITE (or a re-INVITE of a call not yet encrypted): SDES
     * keys and DTLS fingerprints offered are taken whatever the account's own key exchange (an offer
     * with both is keyed the account's way, SDES unless it uses DTLS); an offer without either is
     * secured by ZRTP when the account uses ZRTP (RFC 6189 runs over RTP/AVP).
     */
    public static ForOffer forOffer(SrtpPolicy policy, KeyExchange keyExchange, SessionDescription offer) {
        boolean dtlsOnly = offer.profile().toUpperCase(Locale.ROOT).startsWith("UDP/TLS/");
        if (policy != SrtpPolicy.OFF && (dtlsOnly || !offer.fingerprints().isEmpty())
                && (dtlsOnly || offer.crypto().isEmpty() || keyExchange == KeyExchange.DTLS)) {
            return forDtlsOffer(offer, dtlsOnly || policy == SrtpPolicy.MANDATORY);
        }
        ForOffer bySdp = forOffer(policy, offer);
        boolean zrtp = policy != SrtpPolicy.OFF && keyExchange == KeyExchange.ZRTP && !offer.requiresSrtp();
        return zrtp && !(bySdp instanceof ForOffer.Keys) ? new ForOffer.Zrtp() : bySdp;
    }

    private static ForOffer forDtlsOffer(SessionDescription offer, boolean required) {
        Optional<DtlsRole> role = offer.setup().orElse(DtlsSetup.ACTIVE).answererRole();
        if (!offer.fingerprints().isEmpty() && role.isPresent()) {
            return new ForOffer.Dtls(offer.fingerprints(), role.get());
        }
        String why = offer.fingerprints().isEmpty() ? "no readable certificate fingerprint (a=fingerprint)"
                : "a=setup:holdconn, which allows no handshake";
        return required ? new ForOffer.Refused("the offer asks for DTLS-SRTP with " + why)
                : new ForOffer.Plain();
    }

    /** Decides on an offer as an account that agrees keys in SDP only (SDES). */
    public static ForOffer forOffer(SrtpPolicy policy, SessionDescription offer) {
        if (policy == SrtpPolicy.OFF) {
            return offer.requiresSrtp()
                    ? new ForOffer.Refused("the offer demands encrypted media (" + offer.profile()
                            + ") and this account does not encrypt (srtp=off)")
                    : new ForOffer.Plain();
        }
        if (!offer.crypto().isEmpty()) {
            return new ForOffer.Keys(offer.crypto(), !offer.requiresSrtp() && policy == SrtpPolicy.OPTIONAL);
        }
        if (offer.requiresSrtp()) {
            return new ForOffer.Refused("the offer demands encrypted media (" + offer.profile()
                    + ") without SDES keys (a=crypto) or a DTLS fingerprint (a=fingerprint)");
        }
        return policy == SrtpPolicy.MANDATORY
                ? new ForOffer.Refused("the offer has no SRTP keys and this account requires encrypted media"
                        + " (srtp=mandatory)")
                : new ForOffer.Plain();
    }

    /**
     * Why an answer to our offer (made with keys under {@code policy}) cannot be taken, if it cannot:
     * without keys it means plain RTP, which a mandatory policy refuses.
     */
    public static Optional<String> answerProblem(SrtpPolicy policy, KeyExchange keyExchange, SessionDescription answer) {
        if (offersDtls(policy, keyExchange)) {
            return dtlsAnswerProblem(policy, answer);
        }
        if (!offersKeys(policy, keyExchange)) {
            return Optional.empty();
        }
        if (policy == SrtpPolicy.MANDATORY && answer.crypto().isEmpty()) {
            return Optional.of("the answer has no SRTP keys and this account requires encrypted media"
                    + " (srtp=mandatory)");
        }
        if (answer.crypto().size() > 1) {
            return Optional.of("the answer has " + answer.crypto().size() + " SRTP keys, not one");
        }
        return Optional.empty();
    }

    private static Optional<String> dtlsAnswerProblem(SrtpPolicy policy, SessionDescription answer) {
        if (answer.fingerprints().isEmpty()) {
            return policy == SrtpPolicy.MANDATORY
                    ? Optional.of("the answer has no DTLS fingerprint and this account requires encrypted media"
                            + " (srtp=mandatory)")
                    : Optional.empty();
        }
        if (DtlsSetup.offererRole(answer.setup()).isEmpty()) {
            return Optional.of("the answer's a=setup:" + answer.setup().map(DtlsSetup::attribute).orElse("")
                    + " takes no side of the DTLS handshake");
        }
        return Optional.empty();
    }
}
