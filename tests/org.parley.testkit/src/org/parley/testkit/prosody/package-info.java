/** Prosody (Debian's package) as the XMPP server of tests: {@link org.parley.testkit.prosody.ProsodyServer}. */
package org.parley.testkit.prosody;
