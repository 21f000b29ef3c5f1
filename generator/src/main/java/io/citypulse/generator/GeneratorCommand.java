package io.citypulse.generator;

import io.citypulse.contract.catalog.SensorCatalog;
import io.citypulse.contract.event.AnomalyType;
import io.citypulse.contract.event.InjectionKind;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.schema.TypeDeclarations;
import io.citypulse.contract.time.PlatformClock;
import io.citypulse.generator.GeneratorConfig.Mode;
import io.citypulse.generator.inject.InjectionRates;
import io.citypulse.generator.simulate.CitySimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code citypulse-generator}: simulates the city's sensors and publishes their readings to Kafka. */
@Command(name = "citypulse-generator", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Simulates the sensor catalog and publishes readings (and labelled injections) to Kafka.")
public final class GeneratorCommand implements Callable<Integer> {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    /** Kafka keeps readings 7 days by default: an older past would be deleted as it is written. */
    private static final Duration MAX_HISTORY = Duration.ofDays(7);

    @Spec
    private CommandSpec spec;

    @Option(names = "--bootstrap-servers", defaultValue = "${env:CITYPULSE_KAFKA_BOOTSTRAP:-localhost:9092}",
            description = "Kafka bootstrap servers (env CITYPULSE_KAFKA_BOOTSTRAP). Default: ${DEFAULT-VALUE}")
    String bootstrapServers;

    @Option(names = "--mode", defaultValue = "${env:CITYPULSE_GENERATOR_MODE:-realtime}",
            description = "realtime (event time = now) or simulated (--start..--end, as fast as possible). Default: ${DEFAULT-VALUE}")
    String mode;

    @Option(names = "--start", description = "simulated mode: first event time, ISO-8601 instant (2026-03-02T00:00:00Z)")
    String start;

    @Option(names = "--end", description = "simulated mode: event times stay before this ISO-8601 instant")
    String end;

    @Option(names = "--interval", defaultValue = "${env:CITYPULSE_GENERATOR_INTERVAL:-1s}",
            description = "one reading per sensor per interval: 500ms, 1s, 1m, 1h or ISO-8601 (PT1S). Default: ${DEFAULT-VALUE}")
    String interval;

    @Option(names = "--history", defaultValue = "${env:CITYPULSE_GENERATOR_HISTORY:-0s}",
            description = "realtime mode: start this long ago (e.g. 3h), produce that past as fast as possible, then go on "
                    + "in realtime; a restart resumes after the latest reading on the topics. At most 7d. Default: ${DEFAULT-VALUE}")
    String history;

    @Option(names = "--events", defaultValue = "0", description = "stop after N readings (0 = no limit). Default: ${DEFAULT-VALUE}")
    long events;

    @Option(names = "--seed", defaultValue = "${env:CITYPULSE_SEED:-" + SensorCatalog.DEFAULT_SEED + "}",
            description = "seed of the catalog and every signal. Default: ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--traffic", defaultValue = "100", description = "traffic sensors. Default: ${DEFAULT-VALUE}")
    int traffic;

    @Option(names = "--weather", defaultValue = "10", description = "weather stations. Default: ${DEFAULT-VALUE}")
    int weather;

    @Option(names = "--energy", defaultValue = "100", description = "energy meters. Default: ${DEFAULT-VALUE}")
    int energy;

    @Option(names = "--types", defaultValue = "traffic,weather,energy",
            description = "sensor types to publish, comma-separated. Default: ${DEFAULT-VALUE}")
    String types;

    @Option(names = "--injections", defaultValue = "anomaly,late,out-of-order,duplicate,malformed",
            description = "injection kinds to enable, comma-separated, or none. Default: ${DEFAULT-VALUE}")
    String injections;

    @Option(names = "--anomaly-rate", defaultValue = "0.0001",
            description = "per reading of an eligible sensor, chance an anomaly episode starts. Default: ${DEFAULT-VALUE}")
    double anomalyRate;

    @Option(names = "--anomaly-types", defaultValue = "all",
            description = "anomaly types to inject, comma-separated AnomalyType names, or all. Default: ${DEFAULT-VALUE}")
    String anomalyTypes;

    @Option(names = "--late-rate", defaultValue = "0.0005", description = "share of readings delivered beyond the 2-min lateness. Default: ${DEFAULT-VALUE}")
    double lateRate;

    @Option(names = "--out-of-order-rate", defaultValue = "0.001", description = "share of readings delivered after a newer one, within the lateness. Default: ${DEFAULT-VALUE}")
    double outOfOrderRate;

    @Option(names = "--duplicate-rate", defaultValue = "0.001", description = "share of readings re-sent with the same event id. Default: ${DEFAULT-VALUE}")
    double duplicateRate;

    @Option(names = "--malformed-rate", defaultValue = "0.0005", description = "share of readings followed by a malformed record. Default: ${DEFAULT-VALUE}")
    double malformedRate;

    @Option(names = "--labels-file", description = "also write every injection label to this JSON-lines file")
    Path labelsFile;

    @Option(names = "--metrics-port", defaultValue = "${env:CITYPULSE_GENERATOR_METRICS_PORT:-9101}",
            description = "port of /metrics; 0 = no endpoint. Default: ${DEFAULT-VALUE}")
    int metricsPort;

    @Option(names = "--no-progress", negatable = false, description = "no progress bar on stderr for bounded runs")
    boolean noProgress;

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        if (!GeneratorService.stoppedBySignal()) {
            System.exit(code); // after SIGTERM the JVM is already exiting: System.exit would block
        }
    }

    /** The command line with its error handling; exit code 2 for any bad flag. */
    public static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new GeneratorCommand());
        // Flags are validated in call(): route those errors to the usage handler, which exits 2 like parse errors.
        cmd.setExecutionExceptionHandler((error, commandLine, parseResult) -> {
            if (error instanceof ParameterException bad) {
                return commandLine.getParameterExceptionHandler()
                        .handleParseException(bad, parseResult.originalArgs().toArray(new String[0]));
            }
            throw error;
        });
        return cmd;
    }

    /** The validated config of a command line parsed with {@link CommandLine#parseArgs}. */
    public static GeneratorConfig configOf(CommandLine parsed) {
        return ((GeneratorCommand) parsed.getCommand()).toConfig();
    }

    @Override
    public Integer call() {
        return new GeneratorService(toConfig()).run();
    }

    /** Validates the flags into a config; a bad flag throws a ParameterException naming it (exit 2). */
    GeneratorConfig toConfig() {
        return toConfig(System.getenv());
    }

    /** As {@link #toConfig()}, with the environment given; a bad CITYPULSE_CLOCK_OFFSET fails as a flag would. */
    GeneratorConfig toConfig(Map<String, String> env) {
        try {
            PlatformClock.offset(env);
            TypeDeclarations.load(env);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw bad(e.getMessage());
        }
        Mode parsedMode = parseEnum("--mode", mode, Mode.class);
        Duration step = parseDuration("--interval", interval, Duration.ofMillis(1), Duration.ofHours(1));
        Duration past = parseDuration("--history", history, Duration.ZERO, MAX_HISTORY);
        Optional<Instant> from = Optional.ofNullable(start).map(value -> parseInstant("--start", value));
        Optional<Instant> to = Optional.ofNullable(end).map(value -> parseInstant("--end", value));
        if (parsedMode == Mode.SIMULATED) {
            if (from.isEmpty()) {
                throw bad("--start is required with --mode simulated");
            }
            if (to.isEmpty() && events == 0) {
                throw bad("--end (or --events) is required with --mode simulated");
            }
            if (to.isPresent() && !to.get().isAfter(from.get())) {
                throw bad("--end must be after --start: " + end + " is not after " + start);
            }
            if (!past.isZero()) {
                throw bad("--history only applies to --mode realtime (simulated runs choose --start)");
            }
        } else if (from.isPresent() || to.isPresent()) {
            throw bad("--start/--end only apply to --mode simulated");
        }
        if (events < 0) {
            throw bad("--events must be >= 0: " + events);
        }
        checkCount("--traffic", traffic);
        checkCount("--weather", weather);
        checkCount("--energy", energy);
        if (metricsPort < 0 || metricsPort > 65535) {
            throw bad("--metrics-port must be within 0..65535: " + metricsPort);
        }
        Set<SensorType> sensorTypes = new TreeSet<>();
        for (String name : list(types)) {
            SensorType type = SensorType.fromWireName(name.toLowerCase(Locale.ROOT)).orElseThrow(() -> bad(
                    "--types: unknown sensor type '" + name + "' (declared: " + SensorType.names() + ")"));
            if (!CitySimulator.SIMULATED.contains(type)) {
                throw bad("--types: the generator has no signal for '" + name + "'; it simulates "
                        + CitySimulator.SIMULATED.stream().map(SensorType::wireName).sorted().toList());
            }
            sensorTypes.add(type);
        }
        if (sensorTypes.isEmpty()) {
            throw bad("--types must name at least one sensor type");
        }
        return new GeneratorConfig(bootstrapServers, parsedMode, from, to, step, events, seed, traffic, weather,
                energy, sensorTypes, rates(step), Optional.ofNullable(labelsFile), metricsPort, !noProgress, past);
    }

    private InjectionRates rates(Duration step) {
        Set<InjectionKind> kinds = EnumSet.noneOf(InjectionKind.class);
        if (!injections.trim().equalsIgnoreCase("none")) {
            for (String name : list(injections)) {
                kinds.add(parseEnum("--injections", name.replace('-', '_'), InjectionKind.class));
            }
        }
        Set<AnomalyType> anomalies = EnumSet.noneOf(AnomalyType.class);
        if (anomalyTypes.trim().equalsIgnoreCase("all")) {
            anomalies = EnumSet.allOf(AnomalyType.class);
        } else {
            for (String name : list(anomalyTypes)) {
                anomalies.add(parseEnum("--anomaly-types", name, AnomalyType.class));
            }
        }
        double anomaly = rate("--anomaly-rate", anomalyRate, kinds.contains(InjectionKind.ANOMALY));
        double late = rate("--late-rate", lateRate, kinds.contains(InjectionKind.LATE));
        double ooo = rate("--out-of-order-rate", outOfOrderRate, kinds.contains(InjectionKind.OUT_OF_ORDER));
        double duplicate = rate("--duplicate-rate", duplicateRate, kinds.contains(InjectionKind.DUPLICATE));
        double malformed = rate("--malformed-rate", malformedRate, kinds.contains(InjectionKind.MALFORMED));
        if (late + ooo + duplicate + malformed > 1) {
            throw bad("--late-rate + --out-of-order-rate + --duplicate-rate + --malformed-rate must not exceed 1");
        }
        if (ooo > 0 && step.toMillis() > 60_000) {
            throw bad("--out-of-order-rate needs --interval <= 60s (out-of-order stays within the 2-min lateness)");
        }
        return new InjectionRates(anomaly, late, ooo, duplicate, malformed, anomalies);
    }

    private double rate(String flag, double value, boolean enabled) {
        if (!(value >= 0 && value <= 1)) {
            throw bad(flag + " must be within [0, 1]: " + value);
        }
        return enabled ? value : 0;
    }

    /** A duration like 500ms, 1s, 3m, 2h, 7d or ISO-8601 (PT1S): whole milliseconds within [min, max]. */
    private Duration parseDuration(String flag, String value, Duration min, Duration max) {
        Duration parsed;
        Matcher simple = DURATION.matcher(value.trim());
        try {
            if (simple.matches()) {
                long amount = Long.parseLong(simple.group(1));
                parsed = switch (simple.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
            } else {
                parsed = Duration.parse(value.trim());
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            throw bad(flag + " must be like 500ms, 1s, 1m, 3h or PT1S: '" + value + "'");
        }
        if (parsed.compareTo(min) < 0 || parsed.compareTo(max) > 0 || parsed.toNanos() % 1_000_000 != 0) {
            throw bad(flag + " must be whole milliseconds between " + human(min) + " and " + human(max) + ": '" + value + "'");
        }
        return parsed;
    }

    private static String human(Duration d) {
        return d.isZero() ? "0" : d.toMillis() < 1000 ? d.toMillis() + "ms" : d.toDays() > 0 ? d.toDays() + "d"
                : d.toHours() > 0 ? d.toHours() + "h" : d.toSeconds() + "s";
    }

    private Instant parseInstant(String flag, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw bad(flag + " must be an ISO-8601 instant like 2026-03-02T00:00:00Z: '" + value + "'");
        }
    }

    private <E extends Enum<E>> E parseEnum(String flag, String value, Class<E> type) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw bad(flag + ": unknown value '" + value + "' (one of "
                    + Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList() + ")");
        }
    }

    private void checkCount(String flag, int count) {
        if (count < 0 || count > 99_999) {
            throw bad(flag + " must be within 0..99999: " + count);
        }
    }

    private static List<String> list(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
