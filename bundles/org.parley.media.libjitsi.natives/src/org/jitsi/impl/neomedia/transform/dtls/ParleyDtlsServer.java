package org.jitsi.impl.neomedia.transform.dtls;

import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsServerContext;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * What libjitsi 1.1's DTLS server ({@code TlsServerImpl}) lacks or gets wrong on Bouncy Castle's
 * current API, so that every handshake where it is the server failed: {@code org.parley.media}
 * replaces three of that class's methods, as libjitsi loads it, by calls to these. This class is
 * Parley's, in libjitsi's package to reach the package-private certificate (this fragment shares
 * libjitsi's class loader). Each method takes the server's context and packet transformer.
 */
public final class ParleyDtlsServer {

    private ParleyDtlsServer() {
    }

    /** DTLS 1.2, as libjitsi's client offers (the inherited default is TLS 1.3 and 1.2). */
    public static ProtocolVersion[] supportedVersions(TlsServerContext context, DtlsPacketTransformer transformer) {
        return ProtocolVersion.DTLSv12.only();
    }

    /**
     * The session certificate's signer (RSA, as Parley configures libjitsi: the server's cipher
     * suites are RSA ones); the inherited method throws {@code internal_error}.
     */
    public static TlsCredentialedSigner rsaSigner(TlsServerContext context, DtlsPacketTransformer transformer) {
        CertificateInfo certificate = transformer.getDtlsControl().getCertificateInfo();
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), (BcTlsCrypto) context.getCrypto(),
                certificate.getKeyPair().getPrivate(), certificate.getCertificate(),
                SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.rsa));
    }

    /**
     * The request for the client's certificate, which DTLS-SRTP checks against the fingerprint:
     * RSA or ECDSA, with the signature algorithms (D)TLS 1.2 requires (libjitsi gives none, which
     * Bouncy Castle refuses with {@code internal_error}).
     */
    public static CertificateRequest certificateRequest(TlsServerContext context, DtlsPacketTransformer transformer) {
        return new CertificateRequest(new short[] { ClientCertificateType.rsa_sign, ClientCertificateType.ecdsa_sign },
                TlsUtils.getDefaultSupportedSignatureAlgorithms(context), null);
    }
}
