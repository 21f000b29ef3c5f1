package io.citypulse.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Port choice and probing on 127.0.0.1, where every service of the stack listens. */
final class Ports {

    static final String HOST = "127.0.0.1";

    private Ports() {
    }

    /** The configured port after checking it is free, or a free port if {@code configured} is 0. */
    static int claim(String service, int configured) {
        if (configured == 0) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("no free port for " + service, e);
            }
        }
        if (!isBindable(configured)) {
            throw new IllegalStateException(service + " cannot start: port " + configured + " on " + HOST
                    + " is already in use (stop what holds it or choose another port)");
        }
        return configured;
    }

    /** True when something accepts connections on {@code port}. */
    static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isBindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(HOST, port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
