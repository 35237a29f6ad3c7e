/**
 * ICE (RFC 8445) for a call's audio on ice4j: gathering host, server-reflexive and relayed
 * candidates on the session's own sockets, connectivity checks, and the selected pair's sockets for
 * libjitsi's stream.
 */
package org.parley.media.internal.ice;
