package org.parley.update.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

import org.bouncycastle.openpgp.PGPPublicKey;
import org.eclipse.equinox.p2.core.UIServices;

/**
 * Answers p2's question "may this be installed?" when content is unsigned or signed by a certificate
 * nobody trusts yet, as the {@link PluginPolicy} says: with signatures required, only content signed
 * with one of the trusted certificates; otherwise everything, with a warning in the log. It never
 * stores trust: the policy is the only place it lives.
 */
final class TrustPolicy extends UIServices {

    private static final Logger LOG = Logger.getLogger(TrustPolicy.class.getName());

    private final boolean requireTrustedSignatures;
    private final Set<Certificate> trusted;
    /** What the last check refused, for the error message; empty when it refused nothing. */
    private volatile String refused = "";

    private TrustPolicy(boolean requireTrustedSignatures, Set<Certificate> trusted) {
        this.requireTrustedSignatures = requireTrustedSignatures;
        this.trusted = Set.copyOf(trusted);
    }

    /** The policy with its certificates read; a certificate file that cannot be read is an error. */
    static TrustPolicy of(PluginPolicy policy) throws IOException {
        Set<Certificate> trusted = new LinkedHashSet<>();
        for (String file : policy.trustedCertificates()) {
            try (InputStream in = Files.newInputStream(Path.of(file.trim()))) {
                trusted.addAll(CertificateFactory.getInstance("X.509").generateCertificates(in));
            } catch (CertificateException unreadable) {
                throw new IOException("The trusted certificate file " + file + " holds no PEM certificate: "
                        + unreadable.getMessage(), unreadable);
            }
        }
        return new TrustPolicy(policy.requireTrustedSignatures(), trusted);
    }

    /** What the last check refused, and clears it. */
    String takeRefused() {
        String last = refused;
        refused = "";
        return last;
    }

    @Override
    public TrustInfo getTrustInfo(Certificate[][] untrustedChains, Collection<PGPPublicKey> untrustedKeys,
            String[] unsignedDetail) {
        List<Certificate> accepted = new ArrayList<>();
        List<String> untrustedSigners = new ArrayList<>();
        for (Certificate[] chain : untrustedChains == null ? new Certificate[0][] : untrustedChains) {
            if (!requireTrustedSignatures || Arrays.stream(chain).anyMatch(trusted::contains)) {
                accepted.addAll(Arrays.asList(chain));
            } else {
                untrustedSigners.add(chain.length > 0 && chain[0] instanceof X509Certificate x509
                        ? x509.getSubjectX500Principal().getName() : "an unknown signer");
            }
        }
        List<String> unsigned = unsignedDetail == null ? List.of() : List.of(unsignedDetail);
        Collection<PGPPublicKey> keys = requireTrustedSignatures || untrustedKeys == null ? List.of() : untrustedKeys;
        if (requireTrustedSignatures) {
            List<String> reasons = new ArrayList<>();
            if (!unsigned.isEmpty()) {
                reasons.add("unsigned: " + String.join(", ", unsigned));
            }
            if (!untrustedSigners.isEmpty()) {
                reasons.add("signed by a certificate that is not trusted: " + String.join(", ", untrustedSigners));
            }
            if (untrustedKeys != null && !untrustedKeys.isEmpty()) {
                reasons.add(untrustedKeys.size() + " PGP key(s) not trusted");
            }
            refused = String.join("; ", reasons);
        } else if (!unsigned.isEmpty() || !accepted.isEmpty()) {
            LOG.warning("Installing content without a trusted signature (the policy allows it): unsigned "
                    + unsigned + ", signers not trusted " + accepted.size());
        }
        return new TrustInfo(accepted, keys, false, !requireTrustedSignatures);
    }

    @Override
    public AuthenticationInfo getUsernamePassword(String location) {
        return null;
    }

    @Override
    public AuthenticationInfo getUsernamePassword(String location, AuthenticationInfo previousInfo) {
        return null;
    }

    @Override
    public TrustInfo getTrustInfo(Certificate[][] untrustedChain, String[] unsignedDetail) {
        return getTrustInfo(untrustedChain, List.of(), unsignedDetail);
    }
}
