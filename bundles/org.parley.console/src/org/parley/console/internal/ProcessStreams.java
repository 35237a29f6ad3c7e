package org.parley.console.internal;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;

/**
 * The process's standard output and error, independent of {@code System.out} and
 * {@code System.err}, which Gogo redirects into the running command session (writing to them from
 * inside a command would otherwise loop back into the session).
 */
final class ProcessStreams {

    private static final PrintStream OUT = open(FileDescriptor.out, "stdout.encoding");
    private static final PrintStream ERR = open(FileDescriptor.err, "stderr.encoding");

    private ProcessStreams() {
    }

    static PrintStream out() {
        return OUT;
    }

    static PrintStream err() {
        return ERR;
    }

    private static PrintStream open(FileDescriptor descriptor, String encodingProperty) {
        String encoding = System.getProperty(encodingProperty);
        Charset charset = encoding == null ? Charset.defaultCharset() : Charset.forName(encoding);
        return new PrintStream(new FileOutputStream(descriptor), true, charset);
    }
}
