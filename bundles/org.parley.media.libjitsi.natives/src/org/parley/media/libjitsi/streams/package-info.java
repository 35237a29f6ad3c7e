/**
 * Hooks into libjitsi's media streams that need its internal transform API (this package lives
 * in a fragment of {@code org.jitsi.libjitsi}, whose {@code org.jitsi.impl.neomedia.transform} is
 * not exported). Only {@code org.parley.media} uses it.
 */
package org.parley.media.libjitsi.streams;
