package io.citypulse.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stacks of their own (not the shared one): what close() and a taken port do. */
class LocalStackLifecycleIT {

    @Test
    void closeStopsEveryProcessFreesEveryPortAndDeletesTheTestState() {
        LocalStackConfig config = LocalStackConfig.forTests().withPrometheus(MetricsNode.installed());
        Path stateDir = config.stateDir();
        LocalStack stack = LocalStack.start(config);
        Map<String, Long> pids = new StateDir(stateDir).readPids();
        List<Integer> ports = new StateDir(stateDir).readEndpoints().values().stream()
                .map(StatusCommand::portOf).filter(p -> p.isPresent()).map(p -> p.getAsInt()).toList();
        assertThat(pids).containsKeys("kafka", "s3", "postgres");
        assertThat(ports).hasSize(pids.size());
        assertThat(ports).allMatch(Ports::isListening);

        stack.close();

        assertThat(ports).noneMatch(Ports::isListening);
        assertThat(pids.values()).noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertThat(stateDir).doesNotExist();
    }

    @Test
    void aTakenPortFailsNamingTheServiceAndPort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(Ports.HOST))) {
            int port = taken.getLocalPort();
            LocalStackConfig config = LocalStackConfig.forTests().withPorts(0, 0, port, 0, 0);

            assertThatThrownBy(() -> LocalStack.start(config))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("PostgreSQL cannot start: port " + port + " on 127.0.0.1 is already in use"
                            + " (stop what holds it or choose another port)");
            assertThat(config.stateDir()).doesNotExist();
        }
    }
}
