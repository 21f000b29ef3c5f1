package io.citypulse.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Stops a stack started by {@code up}: the launcher first (it stops its children), then any leftover recorded process. */
@Command(name = "down", description = "Stop everything recorded in the state directory and wait until its ports are free.")
final class DownCommand implements Callable<Integer> {

    /** Leftovers are stopped apps first, infrastructure last, PostgreSQL at the very end. */
    private static final List<String> INFRA_ORDER = List.of("prometheus", "pushgateway", "kafka", "s3", "postgres");

    @Option(names = "--state-dir", defaultValue = ".citypulse", description = "State directory of the stack (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Override
    public Integer call() throws InterruptedException {
        StateDir state = new StateDir(stateDir);
        Map<String, Long> pids = state.readPids();
        if (pids.values().stream().noneMatch(DownCommand::alive)) {
            pids.keySet().forEach(name -> state.pidFile(name).toFile().delete());
            System.out.println("nothing runs from " + state.root());
            return 0;
        }
        Long launcher = pids.get("launcher");
        if (alive(launcher)) {
            System.out.println("stopping the launcher (pid " + launcher + ")...");
            // The launcher alone: its shutdown hook stops its children in order.
            ChildProcess.stop(ProcessHandle.of(launcher).orElseThrow(), false, Duration.ofSeconds(60));
        }
        for (String name : stopOrder(pids)) {
            Long pid = pids.get(name);
            if (alive(pid)) {
                System.out.println("stopping " + name + " (pid " + pid + ")...");
                // An app's bash wrapper may fork; PostgreSQL's backends must be left to the postmaster.
                boolean isApp = !INFRA_ORDER.contains(name) && !name.equals("launcher");
                ChildProcess.stop(ProcessHandle.of(pid).orElseThrow(), isApp, Duration.ofSeconds(20));
                if (isApp) {
                    ChildProcess.killGroup(pid);  // what it forked and left behind
                }
            }
            state.pidFile(name).toFile().delete();
        }
        awaitPortsFree(state);
        System.out.println("stack stopped");
        return 0;
    }

    private static List<String> stopOrder(Map<String, Long> pids) {
        List<String> order = new ArrayList<>();
        pids.keySet().stream().filter(n -> !n.equals("launcher") && !INFRA_ORDER.contains(n)).forEach(order::add);
        INFRA_ORDER.stream().filter(pids::containsKey).forEach(order::add);
        order.add("launcher");
        return order;
    }

    private static void awaitPortsFree(StateDir state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (Map.Entry<String, String> component : state.readEndpoints().entrySet()) {
            OptionalInt port = StatusCommand.portOf(component.getValue());
            while (port.isPresent() && Ports.isListening(port.getAsInt())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(component.getKey() + " still listens on port " + port.getAsInt());
                }
                Thread.sleep(200);
            }
        }
    }

    private static boolean alive(Long pid) {
        return pid != null && pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
