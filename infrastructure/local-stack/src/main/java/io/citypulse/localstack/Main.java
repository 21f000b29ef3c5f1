package io.citypulse.localstack;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar citypulse-local-stack.jar up|down|status --state-dir DIR}: the stack behind {@code ./citypulse}. */
@Command(name = "citypulse-local-stack", mixinStandardHelpOptions = true,
        description = "Starts, stops and inspects the CityPulse local stack (Kafka, S3, PostgreSQL, Prometheus).",
        subcommands = {UpCommand.class, DownCommand.class, StatusCommand.class})
public final class Main {

    public static void main(String[] args) {
        // Before any logger exists: the CLI's own logback config, not a file a test classpath could pick up.
        System.setProperty("logback.configurationFile", "io/citypulse/localstack/logback-cli.xml");
        int exit = new CommandLine(new Main())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("error: " + e.getMessage());
                    return 1;
                })
                .execute(args);
        System.exit(exit);
    }
}
