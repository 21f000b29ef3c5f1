package io.citypulse.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** How {@code up}'s app flags become apps, and how bad ones are refused (before anything starts). */
class UpCommandTest {

    private static UpCommand parse(String... args) {
        UpCommand up = new UpCommand();
        new CommandLine(up).parseArgs(args);
        return up;
    }

    @Test
    void anAppWithAReadyUrlWaitsForItWithTheGivenTimeout() {
        UpCommand up = parse("--app", "api=java -jar api.jar", "--app-url", "api=http://127.0.0.1:8080/docs",
                "--app-ready", "api=http://127.0.0.1:8080/q/health", "--app", "worker=./work.sh", "--ready-timeout", "42");

        assertThat(up.apps()).containsExactly(
                new LocalStack.App("api", "java -jar api.jar", Optional.of("http://127.0.0.1:8080/docs"),
                        Optional.of(URI.create("http://127.0.0.1:8080/q/health")), Duration.ofSeconds(42)),
                new LocalStack.App("worker", "./work.sh", Optional.empty(), Optional.empty(), Duration.ofSeconds(42)));
    }

    @Test
    void refusesAReadyUrlForAnAppThatIsNotStarted() {
        UpCommand up = parse("--app", "api=java -jar api.jar", "--app-ready", "apj=http://127.0.0.1:8080/");

        assertThatThrownBy(up::apps).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--app-ready names 'apj', which no --app starts");
    }

    @Test
    void refusesAReadyUrlThatIsNotHttp() {
        UpCommand up = parse("--app", "api=java -jar api.jar", "--app-ready", "api=127.0.0.1:8080");

        assertThatThrownBy(up::apps).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--app-ready api=127.0.0.1:8080 is not an http(s) URL");
    }

    @Test
    void refusesANonPositiveReadyTimeout() {
        assertThatThrownBy(() -> parse("--ready-timeout", "0").apps()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--ready-timeout must be a positive number of seconds, got 0");
        assertThatThrownBy(() -> parse("--ready-timeout", "soon")).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--ready-timeout");
    }

    @Test
    void refusesAnAppNameThatCouldNotNameALogFile() {
        assertThatThrownBy(() -> parse("--app", "../api=java -jar api.jar").apps()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("app name must be letters, digits, '.', '_' or '-', got '../api'");
    }

    @Test
    void describesExitCodesAndDeathsBySignal() {
        assertThat(List.of(0, 3, 130, 137, 143, 180, 255).stream().map(ChildProcess::describeExit)).containsExactly(
                "exit code 0", "exit code 3", "killed by SIGINT (exit code 130)", "killed by SIGKILL (exit code 137)",
                "killed by SIGTERM (exit code 143)", "killed by signal 52 (exit code 180)", "exit code 255");
    }
}
