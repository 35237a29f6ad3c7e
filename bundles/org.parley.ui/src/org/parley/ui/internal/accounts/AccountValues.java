package org.parley.ui.internal.accounts;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.parley.core.ServiceProperties;
import org.parley.ui.internal.ConfigurationProperties;

/**
 * The settings of a SIP account that the account dialog edits, as the user typed them (checked by
 * {@link AccountValidation}); the names of the configuration properties are those of the README's
 * "SIP accounts" table. The password is not among them: it goes to the credential store.
 *
 * @param accountId      the account id ({@code parley.account.id})
 * @param address        the address of record; {@code alice@example.org} is completed to {@code sip:…}
 * @param displayName    name shown to peers; may be empty
 * @param server         registrar {@code host[:port]}; empty: the address's domain
 * @param transport      {@code UDP}, {@code TCP} or {@code TLS}
 * @param authUser       digest user name; empty: the address's user part
 * @param outboundProxy  {@code host[:port]} every request goes through; may be empty
 * @param expiry         registration expiry in seconds, as typed
 * @param srtp           {@code off}, {@code optional} or {@code mandatory}
 * @param video          {@code off}, {@code accept} or {@code offer}
 * @param presencePolicy {@code accept}, {@code refuse}, {@code ask} or {@code contacts}
 * @param ice            whether calls use ICE
 * @param stunServer     {@code host[:port]} of a STUN server; may be empty
 * @param registers      whether the account registers when it starts (not edited by the dialog;
 *                       {@code false} for the serverless {@code local} account)
 */
public record AccountValues(String accountId, String address, String displayName, String server, String transport,
        String authUser, String outboundProxy, String expiry, String srtp, String video, String presencePolicy,
        boolean ice, String stunServer, boolean registers) implements AccountDraft {

    /** The protocol these settings are for. */
    public static final String PROTOCOL = "sip";

    static final String ADDRESS = "address";
    static final String DISPLAY_NAME = "displayName";
    static final String REGISTRAR = "registrar";
    static final String TRANSPORT = "transport";
    static final String AUTH_USER = "authUser";
    static final String OUTBOUND_PROXY = "outboundProxy";
    static final String EXPIRY = "registrationExpiry";
    static final String SRTP = "srtp";
    static final String VIDEO = "video";
    static final String PRESENCE_POLICY = "presencePolicy";
    static final String ICE = "ice";
    static final String STUN_SERVER = "stunServer";
    static final String REGISTER = "register";

    /** The settings of a new account: the defaults of the README's table. */
    public static AccountValues defaults() {
        return new AccountValues("", "", "", "", "UDP", "", "", "600", "optional", "accept", "contacts", false, "",
                true);
    }

    /** Reads an account's configuration properties; what is missing takes its default. */
    public static AccountValues from(Dictionary<String, Object> properties) {
        AccountValues d = defaults();
        return new AccountValues(text(properties, ServiceProperties.ACCOUNT_ID, d.accountId()),
                text(properties, ADDRESS, d.address()), text(properties, DISPLAY_NAME, d.displayName()),
                text(properties, REGISTRAR, d.server()),
                text(properties, TRANSPORT, d.transport()).toUpperCase(Locale.ROOT),
                text(properties, AUTH_USER, d.authUser()), text(properties, OUTBOUND_PROXY, d.outboundProxy()),
                text(properties, EXPIRY, d.expiry()), word(properties, SRTP, d.srtp()),
                word(properties, VIDEO, d.video()), word(properties, PRESENCE_POLICY, d.presencePolicy()),
                Boolean.parseBoolean(text(properties, ICE, "false")), text(properties, STUN_SERVER, d.stunServer()),
                !"false".equalsIgnoreCase(text(properties, REGISTER, "true")));
    }

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public Optional<String> problem(Set<String> idsTaken) {
        return AccountValidation.problem(this, idsTaken);
    }

    /**
     * {@inheritDoc} The settings are written as strings (a pinned certificate among the others
     * stays); optional settings left empty are removed so that their defaults apply.
     */
    @Override
    public Hashtable<String, Object> toProperties(Dictionary<String, Object> current) {
        Hashtable<String, Object> properties = ConfigurationProperties.copy(current);
        properties.put(ServiceProperties.ACCOUNT_ID, accountId.strip());
        properties.put(ADDRESS, AccountValidation.completedAddress(address));
        properties.put(TRANSPORT, transport.strip().toUpperCase(Locale.ROOT));
        properties.put(EXPIRY, expiry.strip());
        properties.put(SRTP, srtp);
        properties.put(VIDEO, video);
        properties.put(PRESENCE_POLICY, presencePolicy);
        properties.put(ICE, Boolean.toString(ice));
        putOptional(properties, Map.of(DISPLAY_NAME, displayName, REGISTRAR, server, AUTH_USER, authUser,
                OUTBOUND_PROXY, outboundProxy, STUN_SERVER, stunServer));
        return properties;
    }

    /** Puts each optional setting, trimmed, into {@code properties}, or removes it when left empty (its default applies). */
    static void putOptional(Hashtable<String, Object> properties, Map<String, String> optional) {
        optional.forEach((key, value) -> {
            if (value.isBlank()) {
                properties.remove(key);
            } else {
                properties.put(key, value.strip());
            }
        });
    }

    static String text(Dictionary<String, Object> properties, String key, String fallback) {
        Object value = properties.get(key);
        return value == null ? fallback : String.valueOf(value).strip();
    }

    static String word(Dictionary<String, Object> properties, String key, String fallback) {
        String value = text(properties, key, fallback).toLowerCase(Locale.ROOT);
        return value.isEmpty() ? fallback : value;
    }
}
