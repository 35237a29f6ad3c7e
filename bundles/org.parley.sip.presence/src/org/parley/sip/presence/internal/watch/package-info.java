/**
 * Watching contacts' presence (RFC 6665, 3856): what a Subscription-State header says, and what a
 * watcher does next when a subscription ends or fails. Internal; shared with the tests only.
 */
package org.parley.sip.presence.internal.watch;
