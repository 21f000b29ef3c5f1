package io.citypulse.localstack;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** One line per component (up/down and endpoint); exit 0 when all are up, 3 otherwise. */
@Command(name = "status", description = "Show which components of the stack run; exit 0 if all are up, 3 otherwise.")
final class StatusCommand implements Callable<Integer> {

    static final int NOT_ALL_UP = 3;
    private static final Pattern HOST_PORT = Pattern.compile("(?:^|//)[^/:]+:(\\d+)");

    @Option(names = "--state-dir", defaultValue = ".citypulse", description = "State directory of the stack (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Override
    public Integer call() {
        StateDir state = new StateDir(stateDir);
        Map<String, String> endpoints = state.readEndpoints();
        if (endpoints.isEmpty()) {
            System.out.println("stack        down   (nothing ever started in " + state.root() + ")");
            return NOT_ALL_UP;
        }
        Map<String, Long> pids = new LinkedHashMap<>(state.readPids());
        boolean allUp = true;
        for (Map.Entry<String, String> component : endpoints.entrySet()) {
            boolean up = isUp(pids.get(component.getKey()), component.getValue());
            allUp &= up;
            System.out.printf("%-12s %-6s %s%n", component.getKey(), up ? "up" : "down", component.getValue());
        }
        return allUp ? 0 : NOT_ALL_UP;
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
