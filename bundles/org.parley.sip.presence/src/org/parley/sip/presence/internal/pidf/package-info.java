/**
 * Presence documents: reading the PIDF (RFC 3863) that NOTIFY bodies carry, with RPID activities
 * and notes (RFC 4480), into a {@link org.parley.core.presence.PresenceStatus}, and writing the
 * user's own status for PUBLISH. Internal; shared with the tests only.
 */
package org.parley.sip.presence.internal.pidf;
