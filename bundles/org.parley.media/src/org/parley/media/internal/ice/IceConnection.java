package org.parley.media.internal.ice;

import java.beans.PropertyChangeEvent;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Logger;

import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.RemoteCandidate;
import org.ice4j.ice.harvest.StunCandidateHarvester;
import org.ice4j.ice.harvest.TurnCandidateHarvester;
import org.ice4j.security.LongTermCredential;
import org.ice4j.socket.MultiplexingDatagramSocket;
import org.parley.core.media.IceCandidate;
import org.parley.core.media.IceParameters;
import org.parley.core.media.IceSettings;
import org.parley.core.media.MediaException;

/**
 * ICE for one session's audio (RFC 8445) on an ice4j agent: candidates gathered on the session's
 * RTP and RTCP sockets (host), from a STUN server (server-reflexive) and a TURN server (relayed), then
 * connectivity checks against the far end's candidates, and the sockets and far-end addresses of the
 * pairs they select. Freeing it closes the session's sockets with the agent's.
 */
public final class IceConnection implements AutoCloseable {

    /** A framework or system property for tests: announce relayed candidates only. */
    public static final String RELAY_ONLY_PROPERTY = "parley.ice.relayOnly";
    private static final Logger LOG = Logger.getLogger(IceConnection.class.getName());
    private static final String STREAM = "audio";

    /** The sockets and far-end addresses libjitsi's stream runs on once ICE selected its pairs. */
    public record Selected(DatagramSocket rtp, DatagramSocket rtcp, InetSocketAddress remoteRtp,
            InetSocketAddress remoteRtcp, IceCandidate remoteCandidate) {
    }

    private final Agent agent;
    private final IceMediaStream stream;
    private final IceParameters local;
    private Optional<String> remoteUfrag = Optional.empty();

    private IceConnection(Agent agent, IceMediaStream stream, boolean relayOnly) {
        this.agent = agent;
        this.stream = stream;
        List<IceCandidate> candidates = new ArrayList<>();
        for (Component component : stream.getComponents()) {
            for (LocalCandidate candidate : component.getLocalCandidates()) {
                if (!relayOnly || candidate.getType() == CandidateType.RELAYED_CANDIDATE) {
                    candidates.add(describe(candidate));
                }
            }
        }
        candidates.sort(Comparator.comparingInt(IceCandidate::component)
                .thenComparing(Comparator.comparingLong(IceCandidate::priority).reversed()));
        this.local = new IceParameters(agent.getLocalUfrag(), agent.getLocalPassword(), candidates);
    }

    /**
     * Gathers the candidates of a session whose RTP and RTCP sockets are bound: host ones on them,
     * a server-reflexive one from {@code stunServer}, relayed ones from the settings' TURN server
     * (servers that do not answer add nothing).
     *
     * @throws MediaException if ice4j cannot gather on the sockets
     */
    public static IceConnection gather(DatagramSocket rtp, DatagramSocket rtcp, Optional<InetSocketAddress> stunServer,
            IceSettings settings) {
        IceLibrary.install();
        Agent agent = new Agent();
        try {
            agent.setUseDynamicPorts(false);
            agent.addCandidateHarvester(new SessionHostHarvester(rtp, rtcp));
            stunServer.filter(server -> !server.isUnresolved()).ifPresent(server -> agent.addCandidateHarvester(
                    new StunCandidateHarvester(new TransportAddress(server.getAddress(), server.getPort(), Transport.UDP))));
            settings.turnServer().filter(server -> !server.isUnresolved()).ifPresent(server -> agent.addCandidateHarvester(
                    new TurnCandidateHarvester(new TransportAddress(server.getAddress(), server.getPort(), Transport.UDP),
                            new LongTermCredential(settings.turnUser(), settings.turnPassword()))));
            IceMediaStream stream = agent.createMediaStream(STREAM);
            agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, true);
            agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, true);
            boolean relayOnly = Boolean.getBoolean(RELAY_ONLY_PROPERTY);
            IceConnection connection = new IceConnection(agent, stream, relayOnly);
            LOG.fine(() -> "ICE candidates: " + connection.local.candidates());
            return connection;
        } catch (RuntimeException | java.io.IOException e) {
            agent.free();
            throw new MediaException("ICE could not gather candidates: " + e.getMessage(), e);
        }
    }

    /** This side's credentials and candidates. */
    public IceParameters local() {
        return local;
    }

    /** The far end's ufrag the checks ran (or run) with, once {@link #connect} was called. */
    public synchronized Optional<String> remoteUfrag() {
        return remoteUfrag;
    }

    /**
     * Runs the connectivity checks against the far end's candidates in the background; {@code selected}
     * or {@code failed} is told the outcome once, on an ice4j thread.
     */
    public synchronized void connect(IceParameters remote, boolean controlling, Consumer<Selected> selected,
            Consumer<String> failed) {
        if (remoteUfrag.isPresent()) {
            throw new IllegalStateException("ICE checks ran already");
        }
        remoteUfrag = Optional.of(remote.ufrag());
        agent.setControlling(controlling);
        stream.setRemoteUfrag(remote.ufrag());
        stream.setRemotePassword(remote.password());
        int added = 0;
        // host candidates first, so that the reflexive and relayed ones find their related candidate
        List<IceCandidate> ordered = remote.candidates().stream().filter(IceCandidate::usable)
                .sorted(Comparator.comparing(candidate -> candidate.type() != IceCandidate.Type.HOST)).toList();
        for (IceCandidate candidate : ordered) {
            Component component = stream.getComponent(candidate.component());
            if (component == null) {
                continue; // a component we do not have (e.g. 2 when the far end multiplexes RTCP)
            }
            try {
                TransportAddress address = new TransportAddress(candidate.address(), candidate.port(), Transport.UDP);
                RemoteCandidate related = candidate.relatedAddress().map(host -> component.findRemoteCandidate(
                        new TransportAddress(host, candidate.relatedPort(), Transport.UDP))).orElse(null);
                component.addRemoteCandidate(new RemoteCandidate(address, component, ice4jType(candidate.type()),
                        candidate.foundation(), candidate.priority(), related, remote.ufrag()));
                added++;
            } catch (RuntimeException e) {
                LOG.fine(() -> "Skipped the far end's candidate " + candidate + ": " + e);
            }
        }
        if (added == 0) {
            failed.accept("the far end offered no ICE candidate this side can use");
            return;
        }
        boolean[] told = new boolean[1];
        agent.addStateChangeListener((PropertyChangeEvent event) -> {
            if (!Agent.PROPERTY_ICE_PROCESSING_STATE.equals(event.getPropertyName())) {
                return;
            }
            IceProcessingState state = (IceProcessingState) event.getNewValue();
            synchronized (told) {
                if (told[0]) {
                    return;
                }
                if (state == IceProcessingState.COMPLETED) {
                    told[0] = true;
                    selected().ifPresentOrElse(selected,
                            () -> failed.accept("ICE completed without a pair for RTP and RTCP"));
                } else if (state == IceProcessingState.FAILED) {
                    told[0] = true;
                    failed.accept("ICE found no working candidate pair (connectivity checks failed)");
                }
            }
        });
        agent.startConnectivityEstablishment();
    }

    /** The selected pairs' sockets and addresses, once ICE completed. */
    public Optional<Selected> selected() {
        Component rtp = stream.getComponent(Component.RTP);
        Component rtcp = stream.getComponent(Component.RTCP);
        CandidatePair rtpPair = rtp == null ? null : rtp.getSelectedPair();
        CandidatePair rtcpPair = rtcp == null ? null : rtcp.getSelectedPair();
        if (rtpPair == null || rtcpPair == null) {
            return Optional.empty();
        }
        return Optional.of(new Selected(rtp.getSocket(), rtcp.getSocket(),
                rtpPair.getRemoteCandidate().getTransportAddress(), rtcpPair.getRemoteCandidate().getTransportAddress(),
                describe(rtpPair.getRemoteCandidate())));
    }

    /**
     * A view of a component socket that receives all but STUN (RFC 5389: first two bits 0, the magic
     * cookie at byte 4), for the media stream; closing it leaves the component socket open.
     */
    public static DatagramSocket mediaView(DatagramSocket componentSocket) throws java.net.SocketException {
        if (!(componentSocket instanceof MultiplexingDatagramSocket multiplexing)) {
            return componentSocket;
        }
        return multiplexing.getSocket(packet -> !isStun(packet.getData(), packet.getOffset(), packet.getLength()));
    }

    private static boolean isStun(byte[] data, int offset, int length) {
        return length >= 20 && (data[offset] & 0xc0) == 0 && (data[offset + 4] & 0xff) == 0x21
                && (data[offset + 5] & 0xff) == 0x12 && (data[offset + 6] & 0xff) == 0xa4
                && (data[offset + 7] & 0xff) == 0x42;
    }

    /** Frees the agent: its checks, allocations and sockets, the session's own included. */
    @Override
    public void close() {
        agent.free();
    }

    private static IceCandidate describe(org.ice4j.ice.Candidate<?> candidate) {
        TransportAddress address = candidate.getTransportAddress();
        TransportAddress related = candidate.getRelatedAddress();
        return new IceCandidate(candidate.getFoundation(), candidate.getParentComponent().getComponentID(), "UDP",
                candidate.getPriority(), address.getHostString(), address.getPort(), type(candidate.getType()),
                Optional.ofNullable(related).map(TransportAddress::getHostString),
                related == null ? 0 : related.getPort());
    }

    private static IceCandidate.Type type(CandidateType type) {
        return switch (type) {
            case HOST_CANDIDATE, LOCAL_CANDIDATE, STUN_CANDIDATE -> IceCandidate.Type.HOST;
            case SERVER_REFLEXIVE_CANDIDATE -> IceCandidate.Type.SERVER_REFLEXIVE;
            case PEER_REFLEXIVE_CANDIDATE -> IceCandidate.Type.PEER_REFLEXIVE;
            case RELAYED_CANDIDATE -> IceCandidate.Type.RELAYED;
        };
    }

    private static CandidateType ice4jType(IceCandidate.Type type) {
        return switch (type) {
            case HOST -> CandidateType.HOST_CANDIDATE;
            case SERVER_REFLEXIVE -> CandidateType.SERVER_REFLEXIVE_CANDIDATE;
            case PEER_REFLEXIVE -> CandidateType.PEER_REFLEXIVE_CANDIDATE;
            case RELAYED -> CandidateType.RELAYED_CANDIDATE;
        };
    }
}
