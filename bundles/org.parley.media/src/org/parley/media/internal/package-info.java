/**
 * The libjitsi media engine: its DS component, libjitsi's lifecycle, sessions, RTP ports, formats,
 * DTMF and statistics. Not exported.
 */
package org.parley.media.internal;
