package io.citypulse.localstack;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Layout of the state directory: {@code logs/NAME.log}, {@code pids/NAME.pid}, {@code endpoints.properties}
 * (component = endpoint, in start order), {@code supervisor/NAME.properties} (restarts and last exit of each
 * supervised component) and {@code stack.env} (mode 600: the CITYPULSE_* variables, credentials included).
 */
final class StateDir {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path root;

    StateDir(Path root) {
        this.root = root.toAbsolutePath();
    }

    Path root() {
        return root;
    }

    Path dir(String name) {
        Path dir = root.resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        return dir;
    }

    Path log(String component) {
        return dir("logs").resolve(component + ".log");
    }

    Path pidFile(String component) {
        return root.resolve("pids").resolve(component + ".pid");
    }

    Path serviceStateFile(String component) {
        return root.resolve("supervisor").resolve(component + ".properties");
    }

    Path envFile() {
        return root.resolve("stack.env");
    }

    Path endpointsFile() {
        return root.resolve("endpoints.properties");
    }

    /** Credentials kept from an earlier start of this state directory, or new random ones. */
    Credentials loadOrCreateCredentials() {
        Map<String, String> previous = Files.exists(envFile()) ? readProperties(envFile()) : Map.of();
        return new Credentials(
                previous.getOrDefault("CITYPULSE_S3_ACCESS_KEY", "cp" + randomHex(9)),
                previous.getOrDefault("CITYPULSE_S3_SECRET_KEY", randomHex(20)),
                previous.getOrDefault("CITYPULSE_DB_USER", "citypulse"),
                previous.getOrDefault("CITYPULSE_DB_PASSWORD", randomHex(16)));
    }

    void writePid(String component, long pid) {
        write(pidFile(component), pid + "\n", false);
    }

    /** Every recorded component with its pid, in start order of {@code endpoints.properties} where known. */
    Map<String, Long> readPids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        Path dir = root.resolve("pids");
        if (!Files.isDirectory(dir)) {
            return pids;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.getFileName().toString().endsWith(".pid")).sorted().forEach(f -> {
                String name = f.getFileName().toString().replaceFirst("\\.pid$", "");
                try {
                    pids.put(name, Long.parseLong(Files.readString(f).trim()));
                } catch (IOException | NumberFormatException e) {
                    pids.put(name, -1L);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return pids;
    }

    void writeServiceState(String component, ServiceState serviceState) {
        Properties props = new Properties();
        props.putAll(serviceState.toProperties());
        StringWriter text = new StringWriter();
        try {
            props.store(text, "supervision of " + component);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        write(serviceStateFile(component), text.toString(), false);
    }

    /** What the supervisor of {@code up} last wrote about {@code component}, if anything. */
    Optional<ServiceState> readServiceState(String component) {
        Path file = serviceStateFile(component);
        return Files.exists(file) ? Optional.of(ServiceState.fromProperties(readProperties(file))) : Optional.empty();
    }

    /** Forgets the supervision states of an earlier {@code up}. */
    void clearServiceStates() {
        deleteTree(root.resolve("supervisor"));
    }

    void writeEndpoints(Map<String, String> endpoints) {
        StringBuilder text = new StringBuilder();
        endpoints.forEach((name, url) -> text.append(name).append('=').append(url).append('\n'));
        write(endpointsFile(), text.toString(), false);
    }

    /** Component name to endpoint, in start order; empty if the stack never ran here. */
    Map<String, String> readEndpoints() {
        if (!Files.exists(endpointsFile())) {
            return Map.of();
        }
        Map<String, String> endpoints = new LinkedHashMap<>();
        try (Stream<String> lines = Files.lines(endpointsFile())) {
            lines.filter(l -> l.contains("=")).forEach(l -> endpoints.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + endpointsFile(), e);
        }
        return endpoints;
    }

    void writeEnv(Map<String, String> env) {
        StringBuilder text = new StringBuilder("# Written by the CityPulse local stack; source it to reach the running services.\n");
        env.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        write(envFile(), text.toString(), true);
    }

    /** Deletes the whole state directory (ephemeral test stacks). */
    void deleteAll() {
        deleteTree(root);
    }

    static void deleteTree(Path top) {
        if (!Files.exists(top)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(top)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + top, e);
        }
    }

    private void write(Path file, String text, boolean secret) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            if (secret) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static Map<String, String> readProperties(Path file) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            props.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Map<String, String> map = new LinkedHashMap<>();
        props.stringPropertyNames().forEach(k -> map.put(k, props.getProperty(k)));
        return map;
    }

    private static String randomHex(int bytes) {
        byte[] buffer = new byte[bytes];
        RANDOM.nextBytes(buffer);
        return HexFormat.of().formatHex(buffer);
    }

    /** S3 and database credentials of one state directory. */
    record Credentials(String s3AccessKey, String s3SecretKey, String dbUser, String dbPassword) {
    }
}
