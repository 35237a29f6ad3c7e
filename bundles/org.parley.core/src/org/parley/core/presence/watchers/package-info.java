/**
 * Who watches the user's presence: the watchers of an account's own status, and the requests to
 * watch it that wait for the user's consent ({@link org.parley.core.presence.watchers.Watchers}).
 */
package org.parley.core.presence.watchers;
