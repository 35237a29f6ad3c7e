package org.parley.ui.internal.preferences;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.parley.core.account.AccountId;

/**
 * An account's settings that the Preferences dialog edits, as read from its configuration.
 *
 * @param id       the account
 * @param protocol the protocol it speaks, which decides the settings it has
 * @param label    what the account choosers show
 * @param values the settings that are set, as strings; empty when the account has no configuration
 *               the dialog can find
 * @param locked the settings an administrator locked: shown, not changed
 */
record AccountPreferences(AccountId id, String protocol, String label, Optional<Map<String, String>> values, Set<String> locked) {
}
