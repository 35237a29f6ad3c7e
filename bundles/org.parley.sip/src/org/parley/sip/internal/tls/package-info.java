/** TLS for SIP accounts: whom an account trusts, and the sockets its stack opens. Not exported. */
package org.parley.sip.internal.tls;
