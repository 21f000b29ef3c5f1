package io.citypulse.localstack;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** One line per component (up, down, restarting or failed, endpoint, restarts); exit 0 when all are up, 3 otherwise. */
@Command(name = "status", description = "Show which components of the stack run; exit 0 if all are up, 3 otherwise.")
final class StatusCommand implements Callable<Integer> {

    static final int NOT_ALL_UP = 3;
    private static final Pattern HOST_PORT = Pattern.compile("(?:^|//)[^/:]+:(\\d+)");

    @Option(names = "--state-dir", defaultValue = ".citypulse", description = "State directory of the stack (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Override
    public Integer call() {
        return report(new StateDir(stateDir), System.out);
    }

    /** Prints the status lines of the stack in {@code state}; 0 when every component is up, else {@link #NOT_ALL_UP}. */
    static int report(StateDir state, PrintStream out) {
        Map<String, String> endpoints = state.readEndpoints();
        if (endpoints.isEmpty()) {
            out.println("stack        down       (nothing ever started in " + state.root() + ")");
            return NOT_ALL_UP;
        }
        Map<String, Long> pids = new LinkedHashMap<>(state.readPids());
        boolean supervised = launcherAlive(state);
        boolean allUp = true;
        for (Map.Entry<String, String> component : endpoints.entrySet()) {
            String name = component.getKey();
            boolean running = isUp(pids.get(name), component.getValue());
            Optional<ServiceState> supervision = supervised ? state.readServiceState(name) : Optional.empty();
            allUp &= word(running, supervision).equals("up");
            out.println(line(name, component.getValue(), running, supervision));
        }
        return allUp ? 0 : NOT_ALL_UP;
    }

    /**
     * One component's line: name, status (up, down, or the supervisor's restarting / failed) and endpoint, then the
     * restart count and last exit once it has restarted, or why it was given up.
     */
    static String line(String name, String endpoint, boolean running, Optional<ServiceState> supervision) {
        StringBuilder line = new StringBuilder(String.format("%-12s %-10s %s", name, word(running, supervision), endpoint));
        supervision.filter(s -> s.restarts() > 0 || s.status() == ServiceState.Status.FAILED).ifPresent(s -> {
            line.append(endpoint.isEmpty() ? "" : "  ").append("(restarts: ").append(s.restarts());
            line.append(s.lastExit().isEmpty() ? "" : "; last exit: " + s.lastExit());
            line.append(s.reason().isEmpty() ? "" : "; " + s.reason()).append(')');
        });
        return line.toString();
    }

    private static String word(boolean running, Optional<ServiceState> supervision) {
        ServiceState.Status status = supervision.map(ServiceState::status).orElse(ServiceState.Status.UP);
        return status == ServiceState.Status.UP ? (running ? "up" : "down") : status.name().toLowerCase(Locale.ROOT);
    }

    /** True when the recorded {@code up} launcher process still runs. */
    static boolean launcherAlive(StateDir state) {
        Long pid = state.readPids().get("launcher");
        return pid != null && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The port in an endpoint such as {@code 127.0.0.1:9092}, {@code http://...:9000} or a JDBC URL. */
    static OptionalInt portOf(String endpoint) {
        Matcher m = HOST_PORT.matcher(endpoint);
        return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }

    private static boolean isUp(Long pid, String endpoint) {
        boolean alive = pid != null && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        OptionalInt port = portOf(endpoint);
        return alive && (port.isEmpty() || Ports.isListening(port.getAsInt()));
    }
}
