package org.parley.ui.internal.accounts;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.parley.core.ServiceProperties;
import org.parley.ui.internal.ConfigurationProperties;

/**
 * The settings of an XMPP account that the account dialog edits, as the user typed them (checked by
 * {@link XmppValidation}); the names of the configuration properties are those of the XMPP
 * provider's account configuration ({@code org.parley.xmpp.account}, the same as
 * {@code parley:account add xmpp} takes). The password is not among them: it goes to the
 * credential store.
 *
 * @param accountId      the account id ({@code parley.account.id})
 * @param address        the JID; {@code alice@example.org} is stored as {@code xmpp:alice@example.org}
 * @param displayName    the user's name; may be empty
 * @param server         {@code host[:port]} of the server; empty: the JID's domain, port 5222
 * @param security       {@code required}, {@code ifpossible} or {@code disabled} (TLS)
 * @param resource       the name this client gives its session
 * @param presencePolicy {@code contacts} or {@code accept}
 */
public record XmppAccountValues(String accountId, String address, String displayName, String server,
        String security, String resource, String presencePolicy) implements AccountDraft {

    /** The protocol these settings are for. */
    public static final String PROTOCOL = "xmpp";

    static final String SECURITY = "security";
    static final String RESOURCE = "resource";
    static final String SERVER = "server";

    /** The settings of a new account: the provider's defaults. */
    public static XmppAccountValues defaults() {
        return new XmppAccountValues("", "", "", "", "required", "parley", "contacts");
    }

    /** Reads an account's configuration properties; what is missing takes its default. */
    public static XmppAccountValues from(Dictionary<String, Object> properties) {
        XmppAccountValues d = defaults();
        String address = AccountValues.text(properties, AccountValues.ADDRESS, d.address());
        return new XmppAccountValues(AccountValues.text(properties, ServiceProperties.ACCOUNT_ID, d.accountId()),
                XmppValidation.bareJid(address), AccountValues.text(properties, AccountValues.DISPLAY_NAME, d.displayName()),
                AccountValues.text(properties, SERVER, d.server()), AccountValues.word(properties, SECURITY, d.security()),
                AccountValues.text(properties, RESOURCE, d.resource()),
                AccountValues.word(properties, AccountValues.PRESENCE_POLICY, d.presencePolicy()));
    }

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public Optional<String> problem(Set<String> idsTaken) {
        return XmppValidation.problem(this, idsTaken);
    }

    /** {@inheritDoc} Optional settings left empty are removed so that their defaults apply. */
    @Override
    public Hashtable<String, Object> toProperties(Dictionary<String, Object> current) {
        Hashtable<String, Object> properties = ConfigurationProperties.copy(current);
        properties.put(ServiceProperties.ACCOUNT_ID, accountId.strip());
        properties.put(AccountValues.ADDRESS, "xmpp:" + XmppValidation.bareJid(address));
        properties.put(SECURITY, security);
        properties.put(RESOURCE, resource.strip());
        properties.put(AccountValues.PRESENCE_POLICY, presencePolicy);
        AccountValues.putOptional(properties, Map.of(AccountValues.DISPLAY_NAME, displayName, SERVER, server));
        return properties;
    }
}
