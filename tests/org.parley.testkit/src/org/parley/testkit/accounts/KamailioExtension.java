package org.parley.testkit.accounts;

import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.parley.testkit.kamailio.KamailioServer;

/**
 * One Kamailio of the test kit for a test class: started before its first test in
 * {@code AccountFixture.WORK/<name>}, stopped by PID after its last.
 */
public final class KamailioExtension implements BeforeAllCallback, AfterAllCallback {

    private final String name;
    private final Map<String, String> users;
    private final UnaryOperator<KamailioServer.Builder> options;
    private KamailioServer server;

    public KamailioExtension(String name, Map<String, String> users) {
        this(name, users, UnaryOperator.identity());
    }

    /** @param options settings beyond the users, e.g. {@code builder -> builder.tls(true)} */
    public KamailioExtension(String name, Map<String, String> users, UnaryOperator<KamailioServer.Builder> options) {
        this.name = name;
        this.users = Map.copyOf(users);
        this.options = options;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        java.nio.file.Files.createDirectories(AccountFixture.WORK);
        server = options.apply(KamailioServer.builder(AccountFixture.WORK.resolve(name)).users(users)).start();
    }

    /** The running server, for what the shortcuts below do not cover. */
    public KamailioServer server() {
        return server;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
        }
    }

    public String host() {
        return server.host();
    }

    public int udpPort() {
        return server.udpPort();
    }

    public int tcpPort() {
        return server.tcpPort();
    }

    public String sipUri(String user) {
        return server.sipUri(user);
    }
}
