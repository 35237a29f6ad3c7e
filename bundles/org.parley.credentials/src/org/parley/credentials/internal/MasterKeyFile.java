package org.parley.credentials.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** A random master key in a file only its owner can read, created on first use. */
final class MasterKeyFile {

    private MasterKeyFile() {
    }

    static char[] readOrCreate(Path file) throws IOException {
        Files.createDirectories(file.getParent(),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        if (!Files.exists(file)) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            try {
                Files.writeString(Files.createFile(file,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
                        Base64.getEncoder().encodeToString(key), StandardCharsets.US_ASCII);
            } catch (FileAlreadyExistsException raced) {
                // another instance created it first: use theirs
            }
        }
        String key = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (key.isEmpty()) {
            throw new IOException("The master key file " + file + " is empty; remove it to start over"
                    + " (stored passwords are then lost)");
        }
        return key.toCharArray();
    }
}
