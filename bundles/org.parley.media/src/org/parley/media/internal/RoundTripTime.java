package org.parley.media.internal;

import java.time.Duration;
import java.util.Optional;

import net.sf.fmj.media.rtp.RTCPFeedback;
import net.sf.fmj.media.rtp.RTCPReport;

import org.jitsi.service.neomedia.rtp.RTCPExtendedReport;
import org.jitsi.service.neomedia.rtp.RTCPReportListener;

/**
 * Measures a stream's round-trip time from the reception reports the far end sends (RFC 3550
 * section 6.4.1: arrival time minus the echoed "last SR" timestamp minus the far end's "delay since
 * last SR").
 *
 * <p>
 * libjitsi 1.1-50 computes this itself but never succeeds: FMJ writes our sender reports' NTP
 * timestamps as seconds since 1970 while libjitsi compares them with the time since 1900, so every
 * round trip comes out 32,384 s long (2,208,988,800 s modulo the 65,536 s the timestamp's short
 * form spans) and is discarded. Here the arrival time is taken on FMJ's scale.
 */
final class RoundTripTime implements RTCPReportListener {

    /** libjitsi discards longer round trips as nonsense too. */
    private static final long MAX_MS = 3000;

    private volatile long lastMs = -1;

    /** The last round trip measured; empty until a report that echoes one of our sender reports came. */
    Optional<Duration> last() {
        long ms = lastMs;
        return ms < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(ms));
    }

    @Override
    public void rtcpReportReceived(RTCPReport report) {
        long arrival = shortNtp(System.currentTimeMillis());
        for (RTCPFeedback feedback : report.getFeedbackReports()) {
            if (feedback.getLSR() == 0) {
                continue; // the far end has had no sender report from us yet
            }
            long units = (arrival - feedback.getLSR() - feedback.getDLSR()) & 0xffffffffL;
            long ms = units * 1000 / 65536;
            if (ms < MAX_MS) {
                lastMs = ms;
            }
        }
    }

    /** The middle 32 bits of an NTP timestamp (16.16 fixed point seconds) as FMJ writes them: since 1970. */
    private static long shortNtp(long unixMillis) {
        long seconds = unixMillis / 1000;
        long fraction = (unixMillis % 1000) * 65536 / 1000;
        return ((seconds & 0xffff) << 16) | fraction;
    }

    @Override
    public void rtcpReportSent(RTCPReport report) {
        // only reports from the far end echo our timestamps
    }

    @Override
    public void rtcpExtendedReportReceived(RTCPExtendedReport extendedReport) {
        // no round-trip figures in RTCP XR as libjitsi uses it
    }

    @Override
    public void rtcpExtendedReportSent(RTCPExtendedReport extendedReport) {
        // nothing to measure
    }
}
