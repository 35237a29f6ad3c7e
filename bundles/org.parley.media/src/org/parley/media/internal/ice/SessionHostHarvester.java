package org.parley.media.internal.ice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.util.Collection;
import java.util.List;

import org.ice4j.Transport;
import org.ice4j.ice.Component;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.harvest.AbstractCandidateHarvester;
import org.ice4j.socket.IceSocketWrapper;
import org.ice4j.socket.IceUdpSocketWrapper;
import org.ice4j.socket.MultiplexingDatagramSocket;

/**
 * The host candidates of one session: its own RTP and RTCP sockets (bound on the call's address
 * before ICE starts), one per component, so that the addresses the SDP announces without ICE are
 * those ICE uses too.
 */
final class SessionHostHarvester extends AbstractCandidateHarvester {

    private final DatagramSocket rtp;
    private final DatagramSocket rtcp;

    SessionHostHarvester(DatagramSocket rtp, DatagramSocket rtcp) {
        this.rtp = rtp;
        this.rtcp = rtcp;
    }

    @Override
    public boolean isHostHarvester() {
        return true;
    }

    @Override
    public Collection<LocalCandidate> harvest(Component component) {
        DatagramSocket socket = component.getComponentID() == Component.RTP ? rtp : rtcp;
        try {
            IceSocketWrapper wrapper = new IceUdpSocketWrapper(new MultiplexingDatagramSocket(socket));
            HostCandidate host = new HostCandidate(wrapper, component, Transport.UDP);
            component.addLocalCandidate(host);
            host.getStunStack().addSocket(host.getStunSocket(null));
            if (component.getComponentSocket() != null) {
                component.getComponentSocket().add(wrapper);
            }
            return List.of(host);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot use " + socket.getLocalSocketAddress() + " for ICE", e);
        }
    }

    @Override
    public String toString() {
        return "Parley's host harvester on " + rtp.getLocalSocketAddress();
    }
}
