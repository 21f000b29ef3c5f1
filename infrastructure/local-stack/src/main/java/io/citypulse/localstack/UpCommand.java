package io.citypulse.localstack;

import io.citypulse.contract.time.PlatformClock;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Starts the stack and the given apps, prints where everything is, and runs until SIGTERM or Ctrl-C. */
@Command(name = "up", description = "Start the stack (and apps) in the foreground; stop with Ctrl-C, SIGTERM or `down`.")
final class UpCommand implements Callable<Integer> {

    @Option(names = "--state-dir", defaultValue = ".citypulse", description = "Data, logs, pids and stack.env (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--app", description = "NAME=COMMAND: a shell command started with the stack environment; repeatable.")
    Map<String, String> apps = new LinkedHashMap<>();

    @Option(names = "--app-url", description = "NAME=URL printed in the ready line for that app; repeatable.")
    Map<String, String> appUrls = new LinkedHashMap<>();

    @Option(names = "--app-ready", description = "NAME=URL: the app is ready once a GET on URL answers below 400;"
            + " `up` waits for it before the ready block, and so does each restart. Repeatable.")
    Map<String, String> appReadyUrls = new LinkedHashMap<>();

    @Option(names = "--ready-timeout", defaultValue = "300", description = "Seconds an app may take to become ready (default: ${DEFAULT-VALUE}).")
    long readyTimeoutSeconds;

    @Option(names = "--after-ready", description = "NAME=COMMAND run once in the background after the ready block,"
            + " its output prefixed with NAME (e.g. trigger a first DAG run); repeatable.")
    Map<String, String> afterReady = new LinkedHashMap<>();

    @Option(names = "--no-prometheus", description = "Do not start Prometheus and the Pushgateway.")
    boolean noPrometheus;

    @Option(names = "--prometheus-config", description = "Prometheus config file instead of the generated minimal one.")
    Path prometheusConfig;

    @Override
    public Integer call() throws InterruptedException {
        List<LocalStack.App> wanted = apps();
        StateDir state = new StateDir(stateDir);
        if (StatusCommand.launcherAlive(state)) {
            System.err.println("error: a stack already runs from " + state.root() + " (see `status`, stop it with `down`)");
            return 1;
        }
        LocalStackConfig config = LocalStackConfig.fromEnvironment(stateDir).withPrometheus(!noPrometheus);
        // Parsed here so a bad value fails before anything starts, not in each app that inherits it.
        Duration clockOffset = PlatformClock.offset(System.getenv());
        if (prometheusConfig != null) {
            config = config.withPrometheusConfig(prometheusConfig);
        }
        long started = System.nanoTime();
        LocalStack stack = LocalStack.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        // LocalStack's own hook stops the services; this one only lets main() return after it.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stopped.countDown();
        }, "citypulse-up-shutdown"));
        state.writePid("launcher", ProcessHandle.current().pid());
        stack.startApps(wanted);
        System.out.printf("%nCityPulse local stack ready in %.1f s (state: %s)%n", (System.nanoTime() - started) / 1e9, state.root());
        printEndpoints(stack);
        if (!clockOffset.isZero()) {
            System.out.println("Data clock shifted by " + clockOffset + " (" + PlatformClock.VARIABLE + ")");
        }
        System.out.println("Ctrl-C or `down --state-dir " + stateDir + "` stops everything.");
        System.out.flush();
        afterReady.forEach(stack::runStep);
        stopped.await();
        return 0;
    }

    /** The apps as the flags describe them; a flag naming no --app, a bad URL or timeout fails naming the flag. */
    List<LocalStack.App> apps() {
        if (readyTimeoutSeconds <= 0) {
            throw new IllegalArgumentException("--ready-timeout must be a positive number of seconds, got " + readyTimeoutSeconds);
        }
        requireKnownApps("--app-url", appUrls);
        requireKnownApps("--app-ready", appReadyUrls);
        List<LocalStack.App> wanted = new ArrayList<>();
        apps.forEach((name, command) -> wanted.add(new LocalStack.App(name, command, Optional.ofNullable(appUrls.get(name)),
                Optional.ofNullable(appReadyUrls.get(name)).map(url -> readyUrl(name, url)),
                Duration.ofSeconds(readyTimeoutSeconds))));
        return wanted;
    }

    private void requireKnownApps(String flag, Map<String, String> byApp) {
        byApp.keySet().stream().filter(name -> !apps.containsKey(name)).findFirst().ifPresent(name -> {
            throw new IllegalArgumentException(flag + " names '" + name + "', which no --app starts");
        });
    }

    private static URI readyUrl(String app, String url) {
        try {
            URI uri = new URI(url);
            if ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException("--app-ready " + app + "=" + url + " is not an http(s) URL");
    }

    private void printEndpoints(LocalStack stack) {
        System.out.println("  Kafka bootstrap   " + stack.kafkaBootstrapServers());
        System.out.println("  S3 endpoint       " + stack.s3Endpoint() + "  bucket " + stack.s3Bucket());
        System.out.println("  PostgreSQL        " + stack.jdbcUrl() + "  user " + stack.dbUser());
        stack.prometheusUrl().ifPresent(url -> System.out.println("  Prometheus        " + url));
        stack.pushgatewayUrl().ifPresent(url -> System.out.println("  Pushgateway       " + url));
        apps.keySet().forEach(name -> System.out.printf("  %-17s %s%n", name, appUrls.getOrDefault(name, "(log: logs/" + name + ".log)")));
        System.out.println("  Environment       " + new StateDir(stateDir).envFile());
    }
}
