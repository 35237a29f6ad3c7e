package org.parley.media.internal;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.osgi.framework.hooks.weaving.WeavingHook;
import org.osgi.framework.hooks.weaving.WovenClass;
import org.osgi.service.component.annotations.Component;

/**
 * Completes libjitsi's DTLS server as libjitsi loads its class. libjitsi 1.1's {@code TlsServerImpl}
 * was not finished for Bouncy Castle's current API: it supports no DTLS version, has no credentials
 * and requests the client's certificate without signature algorithms, so every handshake in which
 * Parley is the server failed. This hook replaces those three methods by calls to
 * {@code ParleyDtlsServer} (in the {@code org.parley.media.libjitsi.natives} fragment, which shares
 * libjitsi's class loader), each with the server's {@code context} and {@code packetTransformer}.
 */
@Component(service = WeavingHook.class)
public final class DtlsServer implements WeavingHook {

    static final String SERVER_CLASS = "org.jitsi.impl.neomedia.transform.dtls.TlsServerImpl";

    private static final Logger LOG = Logger.getLogger(DtlsServer.class.getName());
    private static final String SERVER = SERVER_CLASS.replace('.', '/');
    private static final String PACKAGE = SERVER.substring(0, SERVER.lastIndexOf('/') + 1);
    private static final String HELPER = PACKAGE + "ParleyDtlsServer";
    private static final String CONTEXT = "Lorg/bouncycastle/tls/TlsServerContext;";
    private static final String TRANSFORMER = "L" + PACKAGE + "DtlsPacketTransformer;";

    /** A method of the server replaced by a call to the helper method of the same result. */
    private record Replaced(String name, String helper, String result) {
    }

    private static final List<Replaced> REPLACED = List.of(
            new Replaced("getSupportedVersions", "supportedVersions", "[Lorg/bouncycastle/tls/ProtocolVersion;"),
            new Replaced("getRSASignerCredentials", "rsaSigner", "Lorg/bouncycastle/tls/TlsCredentialedSigner;"),
            new Replaced("getCertificateRequest", "certificateRequest", "Lorg/bouncycastle/tls/CertificateRequest;"));

    @Override
    public void weave(WovenClass wovenClass) {
        if (!SERVER_CLASS.equals(wovenClass.getClassName())) {
            return;
        }
        try {
            wovenClass.setBytes(completed(wovenClass.getBytes()));
            LOG.fine("libjitsi's DTLS server completed");
        } catch (RuntimeException e) {
            // a failing hook is blacklisted by the framework; the class stays as it was
            LOG.log(Level.WARNING, "Could not complete libjitsi's DTLS server: Parley cannot be a DTLS server", e);
        }
    }

    /** The class with the replaced methods taken out and the calls to the helper put in. */
    static byte[] completed(byte[] original) {
        ClassReader reader = new ClassReader(original);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                boolean replaced = REPLACED.stream()
                        .anyMatch(method -> method.name().equals(name) && descriptor.equals("()" + method.result()));
                return replaced ? null : super.visitMethod(access, name, descriptor, signature, exceptions);
            }

            @Override
            public void visitEnd() {
                REPLACED.forEach(this::delegate);
                super.visitEnd();
            }

            private void delegate(Replaced replaced) {
                MethodVisitor method = super.visitMethod(Opcodes.ACC_PUBLIC, replaced.name(), "()" + replaced.result(),
                        null, new String[] { "java/io/IOException" });
                method.visitCode();
                method.visitVarInsn(Opcodes.ALOAD, 0);
                method.visitFieldInsn(Opcodes.GETFIELD, SERVER, "context", CONTEXT);
                method.visitVarInsn(Opcodes.ALOAD, 0);
                method.visitFieldInsn(Opcodes.GETFIELD, SERVER, "packetTransformer", TRANSFORMER);
                method.visitMethodInsn(Opcodes.INVOKESTATIC, HELPER, replaced.helper(),
                        "(" + CONTEXT + TRANSFORMER + ")" + replaced.result(), false);
                method.visitInsn(Opcodes.ARETURN);
                method.visitMaxs(0, 0);
                method.visitEnd();
            }
        }, 0);
        return writer.toByteArray();
    }
}
