package org.parley.credentials.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import javax.crypto.spec.PBEKeySpec;

import org.eclipse.equinox.security.storage.ISecurePreferences;
import org.eclipse.equinox.security.storage.SecurePreferencesFactory;
import org.eclipse.equinox.security.storage.StorageException;
import org.eclipse.equinox.security.storage.provider.IProviderHints;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.parley.core.UserDataDirectory;
import org.parley.core.account.AccountId;
import org.parley.core.account.CredentialStore;

/**
 * Passwords in Equinox secure storage, encrypted with a per-user master key that lives beside
 * the storage file, readable by the user only. Nothing is ever written to an account's
 * configuration.
 */
@Component(service = CredentialStore.class)
public final class SecureStorageCredentials implements CredentialStore {

    private static final String ACCOUNTS_NODE = "org.parley/accounts";
    private static final String PASSWORD_KEY = "password";
    private static final String TURN_PASSWORD_KEY = "turnPassword";

    private final ISecurePreferences root;

    @Activate
    public SecureStorageCredentials(BundleContext context) throws IOException {
        Path directory = UserDataDirectory.of(context).resolve("credentials");
        char[] masterKey = MasterKeyFile.readOrCreate(directory.resolve("master.key"));
        Map<String, Object> options = Map.of(
                IProviderHints.DEFAULT_PASSWORD, new PBEKeySpec(masterKey),
                IProviderHints.PROMPT_USER, Boolean.FALSE);
        root = SecurePreferencesFactory.open(directory.resolve("secure_storage").toUri().toURL(), options);
        if (root == null) {
            throw new IOException("Equinox secure storage could not be opened in " + directory);
        }
    }

    @Override
    public synchronized void storePassword(AccountId account, char[] password) {
        store(account, PASSWORD_KEY, password, "password");
    }

    @Override
    public synchronized Optional<char[]> password(AccountId account) {
        return read(account, PASSWORD_KEY, "password");
    }

    @Override
    public synchronized void storeTurnPassword(AccountId account, char[] password) {
        store(account, TURN_PASSWORD_KEY, password, "TURN password");
    }

    @Override
    public synchronized Optional<char[]> turnPassword(AccountId account) {
        return read(account, TURN_PASSWORD_KEY, "TURN password");
    }

    private void store(AccountId account, String key, char[] secret, String what) {
        try {
            accountNode(account).put(key, new String(secret), true);
            root.flush();
        } catch (StorageException | IOException e) {
            throw new IllegalStateException("Could not store the " + what + " of account " + account + ": "
                    + e.getMessage(), e);
        }
    }

    private Optional<char[]> read(AccountId account, String key, String what) {
        String path = ACCOUNTS_NODE + "/" + account.value();
        if (!root.nodeExists(path)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(root.node(path).get(key, null)).map(String::toCharArray);
        } catch (StorageException e) {
            throw new IllegalStateException("Could not read the " + what + " of account " + account + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void forgetPassword(AccountId account) {
        String path = ACCOUNTS_NODE + "/" + account.value();
        if (root.nodeExists(path)) {
            root.node(path).removeNode();
            try {
                root.flush();
            } catch (IOException e) {
                throw new IllegalStateException("Could not forget the password of account " + account + ": "
                        + e.getMessage(), e);
            }
        }
    }

    private ISecurePreferences accountNode(AccountId account) {
        return root.node(ACCOUNTS_NODE + "/" + account.value());
    }
}
