/** Loads jitsi-srtp's OpenSSL binding inside its own bundle, for the media engine only. */
package org.parley.srtp.natives;
