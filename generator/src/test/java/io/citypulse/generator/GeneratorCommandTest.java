package io.citypulse.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.schema.TypeDeclarations;
import io.citypulse.contract.time.PlatformClock;
import io.citypulse.generator.GeneratorConfig.Mode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class GeneratorCommandTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--anomaly-rate=-0.1|--anomaly-rate",
        "--late-rate=1.5|--late-rate",
        "--duplicate-rate=abc|--duplicate-rate",
        "--mode=simulated --start=2026-03-04T10:00:00Z --end=2026-03-04T09:00:00Z|--end",
        "--mode=simulated --start=yesterday --end=2026-03-04T09:00:00Z|--start",
        "--mode=simulated --end=2026-03-04T09:00:00Z|--start",
        "--types=traffic,parking|--types",
        "--injections=anomaly,flood|--injections",
        "--anomaly-types=SEVERE_CONGESTION,EARTHQUAKE|--anomaly-types",
        "--interval=0s|--interval",
        "--interval=fast|--interval",
        "--mode=hyperspeed|--mode",
        "--traffic=-1|--traffic",
        "--events=-5|--events",
        "--metrics-port=70000|--metrics-port",
        "--history=8d|--history must be whole milliseconds between 0 and 7d: '8d'",
        "--history=soon|--history must be like",
        "--mode=simulated --start=2026-03-04T10:00:00Z --events=5 --history=1h|--history only applies to --mode realtime",
    })
    void badFlagExitsWithTwoAndNamesTheFlag(String args, String flag) {
        StringWriter err = new StringWriter();
        CommandLine cmd = GeneratorCommand.commandLine();
        cmd.setErr(new PrintWriter(err));
        cmd.setOut(new PrintWriter(new StringWriter()));
        int code = cmd.execute(args.split(" "));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains(flag);
    }

    @Test
    void badClockOffsetIsABadArgumentNamingTheVariable() {
        CommandLine cmd = GeneratorCommand.commandLine();
        cmd.parseArgs("--mode", "realtime");
        GeneratorCommand command = cmd.getCommand();

        assertThatThrownBy(() -> command.toConfig(Map.of(PlatformClock.VARIABLE, "40d")))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageStartingWith("CITYPULSE_CLOCK_OFFSET: '40d' is not an ISO-8601 duration");
        assertThat(command.toConfig(Map.of(PlatformClock.VARIABLE, "P40D")).mode()).isEqualTo(Mode.REALTIME);
    }

    @Test
    void aMissingSensorTypeFolderIsABadArgumentNamingTheVariable() {
        CommandLine cmd = GeneratorCommand.commandLine();
        cmd.parseArgs("--mode", "realtime");
        GeneratorCommand command = cmd.getCommand();

        assertThatThrownBy(() -> command.toConfig(Map.of(TypeDeclarations.DIR_VARIABLE, "/no/such/folder")))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("CITYPULSE_SENSOR_TYPES_DIR=/no/such/folder: not a readable folder of sensor-type declarations");
    }

    @Test
    void goodFlagsBecomeAConfig() {
        CommandLine cmd = GeneratorCommand.commandLine();
        cmd.parseArgs("--mode", "simulated", "--start", "2026-03-04T00:00:00Z", "--end", "2026-03-05T00:00:00Z",
                "--interval", "500ms", "--types", "traffic,energy", "--injections", "duplicate,malformed",
                "--duplicate-rate", "0.01", "--anomaly-rate", "0.5", "--metrics-port", "0", "--seed", "9");
        GeneratorConfig config = ((GeneratorCommand) cmd.getCommand()).toConfig();
        assertThat(config.mode()).isEqualTo(Mode.SIMULATED);
        assertThat(config.start()).contains(Instant.parse("2026-03-04T00:00:00Z"));
        assertThat(config.interval()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.types()).isEqualTo(Set.of(SensorType.TRAFFIC, SensorType.ENERGY));
        assertThat(config.rates().duplicate()).isEqualTo(0.01);
        assertThat(config.rates().anomaly()).as("anomaly kind not enabled").isZero();
        assertThat(config.seed()).isEqualTo(9);
        assertThat(config.bounded()).isTrue();
        assertThat(config.history()).isZero();
    }

    @Test
    void aHistoryStartsThatLongAgoUnlessTheTopicsAlreadyHoldIt() {
        GeneratorConfig config = config("--history", "3h", "--interval", "1s");
        long now = Instant.parse("2026-03-04T12:00:00.400Z").toEpochMilli();
        long nowSlot = now / 1000;

        assertThat(config.history()).isEqualTo(Duration.ofHours(3));
        assertThat(new GeneratorRun(config).firstSlot(now)).isEqualTo(nowSlot - 3 * 3600);
        // A restart an hour later resumes after the latest reading on the topics...
        Instant latest = Instant.parse("2026-03-04T11:00:00Z");
        assertThat(new GeneratorRun(config, java.util.Optional.of(latest)).firstSlot(now)).isEqualTo(latest.getEpochSecond() + 1);
        // ...never before the history's start, and never in the future.
        assertThat(new GeneratorRun(config, java.util.Optional.of(Instant.parse("2026-03-01T00:00:00Z"))).firstSlot(now))
                .isEqualTo(nowSlot - 3 * 3600);
        assertThat(new GeneratorRun(config, java.util.Optional.of(Instant.parse("2026-03-05T00:00:00Z"))).firstSlot(now))
                .isEqualTo(nowSlot);
        assertThat(new GeneratorRun(config("--interval", "1s")).firstSlot(now)).as("no history: now").isEqualTo(nowSlot);
    }

    private static GeneratorConfig config(String... args) {
        CommandLine cmd = GeneratorCommand.commandLine();
        cmd.parseArgs(args);
        return ((GeneratorCommand) cmd.getCommand()).toConfig();
    }
}
