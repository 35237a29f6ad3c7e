/** TLS for SIP accounts: the sockets its stack opens (whom an account trusts is {@code org.parley.tls}). Not exported. */
package org.parley.sip.internal.tls;
