package org.parley.sip.internal.tls;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
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

/**
 * The sockets an account's SIP stack opens: plain ones as JAIN-SIP would make them, but
 * connections with a bounded connect time, and TLS connections that trust the server only as
 * {@link ServerTrust} decides (never through JAIN-SIP's own key and trust store settings).
 */
public final class SocketFactory implements NetworkLayer {

    /** How long a TCP or TLS connection may take to open before the request fails. */
    private static final int CONNECT_TIMEOUT_MS = 10_000;

    private final Optional<ServerTrust> trust;
    private final Optional<SSLContext> tls;

    /** @param trust how TLS servers are trusted; empty for an account without TLS */
    public SocketFactory(Optional<ServerTrust> trust) throws GeneralSecurityException {
        this.trust = trust;
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
        return DefaultNetworkLayer.SINGLETON.createServerSocket(port, backlog, bindAddress);
    }

    /**
     * A TLS listening socket. The account has no certificate of its own, so connections opened
     * by others fail their handshake; requests reach the account over the connection it opened.
     */
    @Override
    public SSLServerSocket createSSLServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
        return (SSLServerSocket) tls().getServerSocketFactory().createServerSocket(port, backlog, bindAddress);
    }

    @Override
    public Socket createSocket(InetAddress address, int port) throws IOException {
        return connect(new Socket(), address, port, null);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress myAddress) throws IOException {
        return connect(new Socket(), address, port, myAddress == null ? null : new InetSocketAddress(myAddress, 0));
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
        Socket plain = connect(new Socket(), address, port,
                myAddress == null ? null : new InetSocketAddress(myAddress, 0));
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
