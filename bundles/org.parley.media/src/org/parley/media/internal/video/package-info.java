/**
 * VP8 video over RTP for one call (RFC 7741): the session with its sending and receiving threads,
 * packetization and depacketization of VP8 frames, the RTP header and the RTCP feedback (PLI) it needs.
 */
package org.parley.media.internal.video;
