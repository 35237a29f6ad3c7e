/** Presence: the user's own status and contacts' availability. */
package org.parley.core.presence;
