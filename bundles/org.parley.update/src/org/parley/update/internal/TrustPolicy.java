package org.parley.update.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Supplier;
import java.util.logging.Logger;

import org.bouncycastle.openpgp.PGPPublicKey;
import org.eclipse.equinox.p2.core.UIServices;
import org.parley.core.plugins.TrustQuestion;

/**
 * Answers p2's question "may this be installed?" when content is unsigned or signed by a certificate p2
 * does not trust. Content signed with a certificate the administrator trusts (the {@link PluginPolicy}'s
 * files) or the user trusts (chosen "always trust" earlier, kept as PEM files in the user's data) is
 * installed silently. For the rest: with signatures required by the policy, it is refused; otherwise the
 * person is asked through a {@link TrustQuestion}, and where nobody can be asked (no user interface) it is
 * installed with a warning in the log.
 */
final class TrustPolicy extends UIServices {

    private static final Logger LOG = Logger.getLogger(TrustPolicy.class.getName());

    private final boolean requireTrustedSignatures;
    private final Set<Certificate> trusted;
    private final Path userTrusted;
    private final Supplier<Optional<TrustQuestion>> question;
    /** Why the last check refused, for the error message; empty when it refused nothing. */
    private volatile String refused = "";

    private TrustPolicy(boolean requireTrustedSignatures, Set<Certificate> trusted, Path userTrusted,
            Supplier<Optional<TrustQuestion>> question) {
        this.requireTrustedSignatures = requireTrustedSignatures;
        this.trusted = new CopyOnWriteArraySet<>(trusted);
        this.userTrusted = userTrusted;
        this.question = question;
    }

    /**
     * The policy with its certificates read, and those the user trusts (the PEM files in {@code userTrusted});
     * an administrator's certificate file that cannot be read is an error, a user's is skipped with a warning.
     */
    static TrustPolicy of(PluginPolicy policy, Path userTrusted, Supplier<Optional<TrustQuestion>> question)
            throws IOException {
        List<Certificate> trusted = new ArrayList<>();
        for (String file : policy.trustedCertificates()) {
            try {
                trusted.addAll(read(Path.of(file.trim())));
            } catch (CertificateException unreadable) {
                throw new IOException("The trusted certificate file " + file + " holds no PEM certificate: "
                        + unreadable.getMessage(), unreadable);
            }
        }
        if (Files.isDirectory(userTrusted)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(userTrusted, "*.pem")) {
                for (Path file : files) {
                    try {
                        trusted.addAll(read(file));
                    } catch (IOException | CertificateException unreadable) {
                        LOG.warning("A certificate the user trusted cannot be read, skipped: " + file + ": "
                                + unreadable.getMessage());
                    }
                }
            }
        }
        return new TrustPolicy(policy.requireTrustedSignatures(), Set.copyOf(trusted), userTrusted, question);
    }

    private static Collection<? extends Certificate> read(Path file) throws IOException, CertificateException {
        try (InputStream in = Files.newInputStream(file)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
    }

    /** Why the last check refused (a sentence to follow "Cannot install …: "), and clears it. */
    String takeRefused() {
        String last = refused;
        refused = "";
        return last;
    }

    @Override
    public TrustInfo getTrustInfo(Certificate[][] untrustedChains, Collection<PGPPublicKey> untrustedKeys,
            String[] unsignedDetail) {
        List<Certificate> accepted = new ArrayList<>();
        List<Certificate[]> unknown = new ArrayList<>();
        for (Certificate[] chain : untrustedChains == null ? new Certificate[0][] : untrustedChains) {
            if (Arrays.stream(chain).anyMatch(trusted::contains)) {
                accepted.addAll(Arrays.asList(chain));
            } else {
                unknown.add(chain);
            }
        }
        List<String> unsigned = unsignedDetail == null ? List.of() : List.of(unsignedDetail);
        Collection<PGPPublicKey> keys = untrustedKeys == null ? List.of() : untrustedKeys;
        List<String> signers = unknown.stream().map(TrustPolicy::subject).toList();
        if (unknown.isEmpty() && unsigned.isEmpty() && keys.isEmpty()) {
            return new TrustInfo(accepted, List.of(), false, false);
        }
        if (requireTrustedSignatures) {
            refused = "the plugin policy requires trusted signatures, and this is " + reasons(unsigned, signers, keys);
            return new TrustInfo(accepted, List.of(), false, false);
        }
        Optional<TrustQuestion> asker = question.get();
        if (asker.isEmpty()) {
            LOG.warning("Installing content without a trusted signature (the policy allows it): "
                    + reasons(unsigned, signers, keys));
            return allowAll(accepted, unknown, keys);
        }
        TrustQuestion.Answer answer;
        try {
            answer = asker.get().ask(new TrustQuestion.Content(unsigned, signers));
        } catch (RuntimeException failed) {
            LOG.warning("Asking whether to install content without a trusted signature failed: " + failed);
            answer = TrustQuestion.Answer.REFUSE;
        }
        switch (answer) {
            case REFUSE -> {
                refused = "you chose not to install content that is " + reasons(unsigned, signers, keys);
                return new TrustInfo(accepted, List.of(), false, false);
            }
            case TRUST_SIGNERS -> unknown.forEach(chain -> remember(chain[0]));
            case INSTALL_ONCE -> {
                // installed this time only
            }
        }
        return allowAll(accepted, unknown, keys);
    }

    private static TrustInfo allowAll(List<Certificate> accepted, List<Certificate[]> unknown,
            Collection<PGPPublicKey> keys) {
        List<Certificate> all = new ArrayList<>(accepted);
        unknown.forEach(chain -> all.addAll(Arrays.asList(chain)));
        return new TrustInfo(all, keys, false, true);
    }

    /** Trusts {@code certificate} from now on: in this policy, and as a PEM file in the user's trusted directory. */
    private void remember(Certificate certificate) {
        trusted.add(certificate);
        try {
            byte[] encoded = certificate.getEncoded();
            String name = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(encoded)) + ".pem";
            String pem = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' })
                    .encodeToString(encoded) + "\n-----END CERTIFICATE-----\n";
            Files.createDirectories(userTrusted);
            Files.writeString(userTrusted.resolve(name), pem, StandardCharsets.US_ASCII);
            LOG.info("The user trusts plugins signed by " + subject(new Certificate[] { certificate }) + " from now on");
        } catch (IOException | CertificateEncodingException | NoSuchAlgorithmException failed) {
            LOG.warning("The certificate the user trusted cannot be kept for the next start: " + failed);
        }
    }

    private static String subject(Certificate[] chain) {
        return chain.length > 0 && chain[0] instanceof X509Certificate x509 ? x509.getSubjectX500Principal().getName()
                : "an unknown signer";
    }

    private static String reasons(List<String> unsigned, List<String> signers, Collection<PGPPublicKey> keys) {
        List<String> reasons = new ArrayList<>();
        if (!unsigned.isEmpty()) {
            reasons.add("unsigned: " + String.join(", ", unsigned));
        }
        if (!signers.isEmpty()) {
            reasons.add("signed by a certificate that is not trusted: " + String.join(", ", signers));
        }
        if (!keys.isEmpty()) {
            reasons.add(keys.size() + " PGP key(s) not trusted");
        }
        return String.join("; ", reasons);
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
