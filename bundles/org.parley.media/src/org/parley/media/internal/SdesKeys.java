package org.parley.media.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.jitsi.service.neomedia.MediaService;
import org.jitsi.service.neomedia.SDesControl;
import org.jitsi.service.neomedia.SrtpControl;
import org.jitsi.service.neomedia.SrtpControlType;
import org.parley.core.media.MediaException;
import org.parley.core.media.MediaSecurity;
import org.parley.core.media.SdesCrypto;

import ch.imvs.sdes4j.srtp.SrtpCryptoAttribute;

/**
 * The SRTP keys of one session agreed in SDP (RFC 4568), on libjitsi's {@link SDesControl}: what
 * the session offers, which offered key it accepts, and which suite is in use. Not thread-safe:
 * its session calls it with its lock held.
 */
public final class SdesKeys {

    private final SDesControl control;
    /** The keys agreed, theirs and ours (same suite), so that a re-INVITE that keeps them changes nothing. */
    private Optional<Agreed> agreed = Optional.empty();

    private record Agreed(SdesCrypto theirs, SdesCrypto ours) {
    }

    public SdesKeys(MediaService mediaService) {
        this.control = (SDesControl) mediaService.createSrtpControl(SrtpControlType.SDES);
        control.setSrtpListener(SrtpEvents.logged("SDES"));
    }

    /** The control a stream encrypts with, once keys were agreed. */
    public Optional<SrtpControl> control() {
        return agreed.map(keys -> control);
    }

    /** The keys to offer, one per suite: the same each time. */
    public List<SdesCrypto> offer() {
        return Arrays.stream(control.getInitiatorCryptoAttributes()).map(SdesKeys::crypto).toList();
    }

    /**
     * Takes the first offered key of a supported suite; our key for it. A re-offer that still holds
     * the key taken before gets the same answer: new keys would make libjitsi replace the running
     * SRTP contexts, and the far end's packets sent meanwhile fail authentication.
     */
    public SdesCrypto answer(List<SdesCrypto> offered) {
        Optional<Agreed> kept = agreed.filter(previous -> offered.contains(previous.theirs()));
        if (kept.isPresent()) {
            return kept.get().ours();
        }
        List<SrtpCryptoAttribute> readable = new ArrayList<>();
        for (SdesCrypto crypto : offered) {
            try {
                readable.add(SrtpCryptoAttribute.create(crypto.value()));
            } catch (RuntimeException unknownSuite) {
                // a suite or parameter sdes4j does not know: that key cannot be taken
            }
        }
        SrtpCryptoAttribute ours = control.responderSelectAttribute(readable);
        if (ours == null) {
            throw new MediaException("None of the offered SRTP crypto suites is supported: "
                    + offered.stream().map(SdesCrypto::suite).toList() + " (supported: " + supported() + ")");
        }
        SdesCrypto answer = crypto(ours);
        agreed = offered.stream().filter(crypto -> crypto.tag() == ours.getTag()).findFirst()
                .map(taken -> new Agreed(taken, answer));
        return answer;
    }

    /** Takes the far end's answer to {@link #offer()}. */
    public void answered(SdesCrypto answer) {
        if (agreed.filter(previous -> previous.theirs().equals(answer)).isPresent()) {
            return;
        }
        SrtpCryptoAttribute theirs;
        try {
            theirs = SrtpCryptoAttribute.create(answer.value());
        } catch (RuntimeException e) {
            throw new MediaException("The answer's SRTP key cannot be read: " + answer, e);
        }
        boolean offered = Arrays.stream(control.getInitiatorCryptoAttributes())
                .anyMatch(ours -> ours.getTag() == theirs.getTag() && ours.getCryptoSuite().equals(theirs.getCryptoSuite()));
        if (!offered || control.initiatorSelectAttribute(List.of(theirs)) == null) {
            throw new MediaException("The answer's SRTP key (" + answer + ") does not match an offered one");
        }
        agreed = offer().stream().filter(crypto -> crypto.tag() == theirs.getTag()).findFirst()
                .map(ours -> new Agreed(answer, ours));
    }

    public MediaSecurity security() {
        return agreed.<MediaSecurity>map(keys -> new MediaSecurity.Srtp(MediaSecurity.KeyExchange.SDES,
                keys.ours().suite()))
                .orElseGet(MediaSecurity.Unsecured::new);
    }

    private List<String> supported() {
        List<String> suites = new ArrayList<>();
        control.getSupportedCryptoSuites().forEach(suites::add);
        return suites;
    }

    private static SdesCrypto crypto(SrtpCryptoAttribute attribute) {
        return SdesCrypto.parse(attribute.encode());
    }

    /** libjitsi reports SDES's start through a listener it requires; nothing in it needs acting on. */
}
