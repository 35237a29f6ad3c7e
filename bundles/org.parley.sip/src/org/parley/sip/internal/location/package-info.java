/**
 * Server location by RFC 3263 (NAPTR, SRV, A/AAAA): the rules as plain functions of DNS records,
 * the fallback chain over a {@link org.parley.sip.internal.location.DnsLookup}, the JNDI DNS
 * client, and the per-account state (cache, target in use, failover). Exported only to the
 * test bundle, for the unit tests.
 */
package org.parley.sip.internal.location;
