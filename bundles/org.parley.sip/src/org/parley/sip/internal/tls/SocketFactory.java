package org.parley.sip.internal.tls;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import gov.nist.core.net.DefaultNetworkLayer;
import gov.nist.core.net.NetworkLayer;
import gov.nist.javax.sip.SipStackImpl;
import org.parley.tls.HostNames;
import org.parley.tls.ServerTrust;

/**
 * The sockets an account's SIP stack opens: datagram sockets as JAIN-SIP would make them;
 * connections with a bounded connect time, opened from the account's own SIP port where the
 * system allows it; and TLS connections that trust the server only as {@link ServerTrust}
 * decides (never through JAIN-SIP's own key and trust store settings).
 *
 * <p>Opening connections from the listening port (both with {@code SO_REUSEPORT}) makes the
 * connection's far end see the port of the account's Via and Contact, so a server sends its
 * requests for the account (an incoming call, a BYE) over the connection the account opened
 * instead of trying to open one back, which behind NAT, and over TLS without a certificate of
 * our own, could not work.
 */
public final class SocketFactory implements NetworkLayer {

    /** How long a TCP or TLS connection may take to open before the request fails. */
    private static final int CONNECT_TIMEOUT_MS = 10_000;

    private final Optional<ServerTrust> trust;
    private final Optional<SSLContext> tls;
    private final int sipPort;

    /**
     * @param trust   how TLS servers are trusted; empty for an account without TLS
     * @param sipPort the port the account listens on, which its connections start from
     */
    public SocketFactory(Optional<ServerTrust> trust, int sipPort) throws GeneralSecurityException {
        this.trust = trust;
        this.sipPort = sipPort;
        if (trust.isPresent()) {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new javax.net.ssl.TrustManager[] { trust.get() }, null);
            this.tls = Optional.of(context);
        } else {
            this.tls = Optional.empty();
        }
    }

    /** The TLS protocol versions offered, newest first. */
    public static List<String> protocols() {
        return List.of("TLSv1.3", "TLSv1.2");
    }

    /** The cipher suites the JDK enables by default (JAIN-SIP's own default list is outdated). */
    public String[] cipherSuites() {
        return tls.map(context -> context.getDefaultSSLParameters().getCipherSuites()).orElse(new String[0]);
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
        return listen(new ServerSocket(), port, backlog, bindAddress);
    }

    /**
     * A TLS listening socket. The account has no certificate of its own, so connections opened
     * by others fail their handshake; requests reach the account over the connection it opened.
     */
    @Override
    public SSLServerSocket createSSLServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
        return listen((SSLServerSocket) tls().getServerSocketFactory().createServerSocket(), port, backlog,
                bindAddress);
    }

    @Override
    public Socket createSocket(InetAddress address, int port) throws IOException {
        return connectFromSipPort(address, port, null);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress myAddress) throws IOException {
        return connectFromSipPort(address, port, myAddress);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress myAddress, int myPort) throws IOException {
        return connect(new Socket(), address, port,
                myAddress == null ? new InetSocketAddress(myPort) : new InetSocketAddress(myAddress, myPort));
    }

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port) throws IOException {
        return createSSLSocket(address, port, null);
    }

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port, InetAddress myAddress) throws IOException {
        tls();
        Socket plain = connectFromSipPort(address, port, myAddress);
        String serverHost = trust.orElseThrow().serverHost();
        SSLSocket socket = (SSLSocket) tls().getSocketFactory().createSocket(plain, serverHost, port, true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setProtocols(protocols().toArray(String[]::new));
        if (!HostNames.isIpLiteral(serverHost)) {
            parameters.setServerNames(List.of(new SNIHostName(serverHost)));
        }
        socket.setSSLParameters(parameters);
        return socket;
    }

    @Override
    public DatagramSocket createDatagramSocket() throws SocketException {
        return DefaultNetworkLayer.SINGLETON.createDatagramSocket();
    }

    @Override
    public DatagramSocket createDatagramSocket(int port, InetAddress bindAddress) throws SocketException {
        return DefaultNetworkLayer.SINGLETON.createDatagramSocket(port, bindAddress);
    }

    @Override
    public void setSipStack(SipStackImpl stack) {
    }

    private SSLContext tls() throws IOException {
        return tls.orElseThrow(() -> new IOException("TLS is not set up for this account's transport"));
    }

    /**
     * A connection from the SIP port; from any port if the system refuses that one (e.g. a
     * connection between the same two ports has only just been closed).
     */
    private Socket connectFromSipPort(InetAddress address, int port, InetAddress myAddress) throws IOException {
        Socket shared = new Socket();
        try {
            shared.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            return connect(shared, address, port, new InetSocketAddress(myAddress, sipPort));
        } catch (SocketTimeoutException | ConnectException unanswered) {
            throw unanswered;
        } catch (IOException | UnsupportedOperationException portNotShared) {
            return connect(new Socket(), address, port, myAddress == null ? null : new InetSocketAddress(myAddress, 0));
        }
    }

    private static <S extends ServerSocket> S listen(S socket, int port, int backlog, InetAddress bindAddress)
            throws IOException {
        try {
            if (socket.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                socket.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            socket.bind(new InetSocketAddress(bindAddress, port), backlog);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private static Socket connect(Socket socket, InetAddress address, int port, InetSocketAddress local)
            throws IOException {
        try {
            if (local != null) {
                socket.bind(local);
            }
            socket.connect(new InetSocketAddress(address, port), CONNECT_TIMEOUT_MS);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }
}
