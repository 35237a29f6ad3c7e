package org.parley.ui.internal.preferences;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.parley.core.account.AccountId;

/**
 * The account settings being edited in the Preferences dialog, for all accounts at once, and which
 * account the dialog's account choosers show. Settings start as shown (absent ones at their
 * defaults), so that only what the user changes is written. Used on the UI thread only.
 */
final class AccountEdits {

    static final String CODECS = "codecs";
    static final String SRTP = "srtp";
    static final String KEY_EXCHANGE = "srtpKeyExchange";
    static final String VIDEO = "video";
    static final String AUTO_ANSWER = "autoAnswer";
    static final String PRESENCE_POLICY = "presencePolicy";

    /** The settings of accounts other than SIP ones (XMPP): only who may see the user's status. */
    private static final Set<String> OTHER_PROTOCOLS_KEYS = Set.of(PRESENCE_POLICY);
    /** The presence policies of accounts other than SIP ones: XMPP asks about everybody not on the contact list. */
    private static final Set<String> OTHER_PROTOCOLS_POLICIES = Set.of("contacts", "accept");

    /** The defaults of the SIP account settings (see the README's account settings table). */
    private static final Map<String, String> DEFAULTS = Map.of(SRTP, "optional", KEY_EXCHANGE, "sdes",
            VIDEO, "accept", AUTO_ANSWER, "false", PRESENCE_POLICY, "contacts");

    private final List<AccountPreferences> accounts = new ArrayList<>();
    private final Map<AccountId, Map<String, String>> shown = new HashMap<>();
    private final Map<AccountId, Map<String, String>> edited = new HashMap<>();
    private final List<Runnable> selectionWatchers = new ArrayList<>();
    private List<String> knownCodecs = PreferencesStore.USUAL_CODECS;
    private int selected = -1;

    void load(List<AccountPreferences> settings, List<String> codecs) {
        accounts.clear();
        shown.clear();
        edited.clear();
        accounts.addAll(settings);
        knownCodecs = List.copyOf(codecs);
        for (AccountPreferences account : settings) {
            account.values().ifPresent(values -> {
                Map<String, String> normal = normalized(values);
                shown.put(account.id(), normal);
                edited.put(account.id(), new HashMap<>(normal));
            });
        }
        selected = accounts.isEmpty() ? -1 : 0;
        selectionWatchers.forEach(Runnable::run);
    }

    List<AccountPreferences> accounts() {
        return List.copyOf(accounts);
    }

    /** The codecs the media engine offers, in its order. */
    List<String> knownCodecs() {
        return knownCodecs;
    }

    /** The index in {@link #accounts()} of the account shown, -1 while there is none. */
    int selectedIndex() {
        return selected;
    }

    void select(int index) {
        if (index != selected && index >= 0 && index < accounts.size()) {
            selected = index;
            selectionWatchers.forEach(Runnable::run);
        }
    }

    /** Runs {@code watcher} whenever another account is shown, or the accounts were loaded. */
    void onSelection(Runnable watcher) {
        selectionWatchers.add(watcher);
    }

    /** Whether the account shown has a configuration the dialog can change. */
    boolean editable() {
        return selected >= 0 && edited.containsKey(accounts.get(selected).id());
    }

    /** Whether the account shown has the setting {@code key}: a SIP account has all, others fewer. */
    boolean has(String key) {
        return editable() && (isSip() || OTHER_PROTOCOLS_KEYS.contains(key));
    }

    /** Whether the account shown takes {@code word} as its presence policy. */
    boolean takesPresencePolicy(String word) {
        return isSip() || OTHER_PROTOCOLS_POLICIES.contains(word);
    }

    private boolean isSip() {
        return selected >= 0 && accounts.get(selected).protocol().equals("sip");
    }

    /** Whether the account shown has {@code key} locked by an administrator: shown, not changed. */
    boolean locked(String key) {
        return editable() && accounts.get(selected).locked().contains(key);
    }

    /** A setting of the account shown, as edited so far; empty when it is not {@link #editable()}. */
    String value(String key) {
        return editable() ? edited.get(accounts.get(selected).id()).getOrDefault(key, "") : "";
    }

    void set(String key, String value) {
        if (has(key) && !locked(key)) {
            edited.get(accounts.get(selected).id()).put(key, value);
        }
    }

    /** The settings that differ from what was shown, by account. */
    Map<AccountId, Map<String, String>> changes() {
        Map<AccountId, Map<String, String>> changes = new LinkedHashMap<>();
        for (AccountPreferences account : accounts) {
            Map<String, String> now = edited.get(account.id());
            if (now == null) {
                continue;
            }
            Map<String, String> before = shown.get(account.id());
            Map<String, String> changed = new LinkedHashMap<>();
            now.forEach((key, value) -> {
                if (!Objects.equals(before.get(key), value)) {
                    changed.put(key, value);
                }
            });
            if (!changed.isEmpty()) {
                changes.put(account.id(), changed);
            }
        }
        return changes;
    }

    private Map<String, String> normalized(Map<String, String> values) {
        Map<String, String> normal = new HashMap<>();
        normal.put(CODECS, CodecChoice.write(CodecChoice.read(values.get(CODECS), knownCodecs)));
        for (String key : List.of(SRTP, KEY_EXCHANGE, VIDEO, PRESENCE_POLICY)) {
            String value = values.getOrDefault(key, "").strip().toLowerCase(Locale.ROOT);
            normal.put(key, value.isEmpty() ? DEFAULTS.get(key) : value);
        }
        String autoAnswer = values.getOrDefault(AUTO_ANSWER, "").strip();
        normal.put(AUTO_ANSWER, autoAnswer.isEmpty() ? DEFAULTS.get(AUTO_ANSWER)
                : String.valueOf(Boolean.parseBoolean(autoAnswer)));
        return normal;
    }
}
