/**
 * TLS trust for accounts of any protocol: whether a server's certificate is trusted (by an
 * authority, a pin the user stored, or the user's consent this time), and the refused certificate
 * described for the user to decide on.
 */
package org.parley.tls;
