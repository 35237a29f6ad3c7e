/**
 * Parley's public API: the values and service interfaces shared by protocol providers,
 * capability bundles, the console and the UI.
 *
 * <p>Everything that talks to the outside world is a service in the OSGi registry. Protocol
 * bundles register a {@link org.parley.core.account.ProtocolProvider} and, for every configured
 * account, an {@link org.parley.core.account.Account} plus one service per {@link Capability}
 * the account supports, each tagged with the account's id ({@link ServiceProperties}). Events
 * are immutable records delivered to listener services (the whiteboard pattern): register a
 * listener to receive them, unregister it to stop.
 */
package org.parley.core;
