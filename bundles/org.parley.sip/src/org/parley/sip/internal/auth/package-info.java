/**
 * Digest authentication (RFC 2617, RFC 7616 with MD5 and qop=auth) of an account: the
 * arithmetic, the challenges remembered per realm with their nonce counts, and the credentials
 * kept as HA1 per realm, so that requests carry credentials before they are challenged.
 * Exported only to the test bundle, for the unit tests.
 */
package org.parley.sip.internal.auth;
