package org.parley.core.plugins;

import java.util.List;

/**
 * Whiteboard: asks the person whether to install content that is unsigned or signed by a certificate
 * nobody trusts yet, when the plugin policy does not refuse such content outright. A user interface
 * registers one; the plugin manager asks it during an install or update, and without one it installs
 * such content with a warning in the log. Content signed with a trusted certificate is never asked about.
 */
@FunctionalInterface
public interface TrustQuestion {

    /**
     * Called on the plugin manager's thread, which waits for the answer; not on a user interface thread.
     *
     * @return what the person decided
     */
    Answer ask(Content content);

    /**
     * What is about to be installed without a trusted signature.
     *
     * @param unsigned         the unsigned artifacts, as p2 names them; may be empty
     * @param untrustedSigners the subjects of the certificates that signed the rest; may be empty
     */
    record Content(List<String> unsigned, List<String> untrustedSigners) {

        public Content {
            unsigned = List.copyOf(unsigned);
            untrustedSigners = List.copyOf(untrustedSigners);
        }
    }

    /** The person's decision. */
    enum Answer {
        /** Do not install (the install or update fails, saying so). */
        REFUSE,
        /** Install this time; ask again next time. */
        INSTALL_ONCE,
        /** Install, and from now on trust the signers' certificates (unsigned content is still asked about). */
        TRUST_SIGNERS
    }
}
