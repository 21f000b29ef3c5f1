package io.citypulse.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL 17 from zonky's embedded binaries ({@link PostgresBinaries}), data under {@code STATE/postgres/data},
 * run as a supervised child on 127.0.0.1 only (TCP, no Unix socket).
 */
final class PostgresNode implements AutoCloseable {

    static final String NAME = "postgres";
    static final String DATABASE = "citypulse";
    private static final String SUPERUSER = "postgres";
    private static final Logger LOG = LoggerFactory.getLogger(PostgresNode.class);

    private final int port;
    private final String user;
    private final String password;
    private Supervisor supervisor;

    private PostgresNode(int port, String user, String password) {
        this.port = port;
        this.user = user;
        this.password = password;
    }

    /** Initialises the cluster on first use, starts it and makes sure the CityPulse role and database exist. */
    static PostgresNode start(StateDir state, int configuredPort, String user, String password, Duration readyTimeout) {
        int port = Ports.claim("PostgreSQL", configuredPort);
        Path bin = PostgresBinaries.bin();
        Path home = state.dir(NAME);
        Path dataDir = home.resolve("data");
        if (!Files.exists(dataDir.resolve("postgresql.conf"))) {
            // As zonky's initdb: trust authentication on the loopback-only server, superuser "postgres".
            ChildProcess.runToCompletion("initdb", PostgresBinaries.command(bin.resolve("initdb"),
                    "-A", "trust", "-U", SUPERUSER, "-D", dataDir.toString(), "-E", "UTF-8"),
                    home, state.log(NAME), readyTimeout.multipliedBy(2));
        }
        PostgresNode node = new PostgresNode(port, user, password);
        // zonky's server settings: -F (no fsync: a development stack), UTC, no synchronous commit, 300 connections.
        ServiceSpec spec = ServiceSpec.of(NAME, PostgresBinaries.command(bin.resolve("postgres"),
                        "-D", dataDir.toString(), "-p", Integer.toString(port), "-F",
                        "-c", "listen_addresses=" + Ports.HOST, "-c", "unix_socket_directories=",
                        "-c", "timezone=UTC", "-c", "synchronous_commit=off", "-c", "max_connections=300"),
                        home, state.log(NAME))
                .readyWhen("SELECT 1 as " + SUPERUSER + " on port " + port, readyTimeout, since -> node.answers())
                .beforeEachStart(() -> clearLeftovers(dataDir))
                .stoppedBy(ServiceSpec.StopSignal.INT);
        node.supervisor = Supervisor.start(spec, RestartPolicy.DEFAULT, state);
        try {
            node.ensureRoleAndDatabase();
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://" + Ports.HOST + ":" + port + "/" + DATABASE;
    }

    int port() {
        return port;
    }

    /** The postmaster's pid. */
    long pid() {
        return supervisor.pid();
    }

    /** Applies the contract's migrations from {@code classpath:db/migration}. */
    void migrate() {
        Flyway.configure()
                .dataSource(jdbcUrl(), user, password)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    /** Fast shutdown (SIGINT), returning once the postmaster has exited. */
    @Override
    public void close() {
        supervisor.stop();
    }

    /**
     * Clears what a postmaster killed with SIGKILL leaves behind, before each start. Its children (backends, the
     * checkpointer, ...) may outlive it for a moment, still attached to its shared memory: they are killed and waited
     * for, as the postmaster itself would on a crash. Then its {@code postmaster.pid} is stale and is removed:
     * PostgreSQL in its user namespace takes a pid it cannot signal (a reused one) for a live postmaster and would
     * refuse to start. A postmaster that still runs on the directory is not touched: the start fails instead.
     */
    static void clearLeftovers(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        Optional<Long> pid = readPid(pidFile);
        List<ProcessHandle> leftovers = runningIn(dataDir);
        if (pid.isPresent() && leftovers.stream().anyMatch(p -> p.pid() == pid.get())) {
            throw new IllegalStateException("PostgreSQL (pid " + pid.get() + ") still runs on " + dataDir
                    + ": stop it first (./citypulse down)");
        }
        if (!leftovers.isEmpty()) {
            LOG.warn("killing {} PostgreSQL processes a dead postmaster left on {}", leftovers.size(), dataDir);
            leftovers.forEach(ProcessHandle::destroyForcibly);
            for (ProcessHandle p : leftovers) {
                try {
                    p.onExit().get(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for pid " + p.pid() + " to exit", e);
                } catch (ExecutionException | TimeoutException e) {
                    throw new IllegalStateException("pid " + p.pid() + " (left by a dead postmaster on " + dataDir
                            + ") did not exit after SIGKILL", e);
                }
            }
        }
        if (pid.isPresent()) {
            try {
                Files.deleteIfExists(pidFile);
                LOG.info("removed the stale {} (pid {} no longer runs PostgreSQL)", pidFile, pid.get());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove the stale " + pidFile, e);
            }
        }
    }

    /** Processes working in {@code dataDir}: a postmaster changes into its data directory, and its children inherit it. */
    private static List<ProcessHandle> runningIn(Path dataDir) {
        Path directory;
        try {
            directory = dataDir.toRealPath();
        } catch (IOException e) {
            return List.of();
        }
        return ProcessHandle.allProcesses().filter(p -> {
            try {
                return Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd")).equals(directory);
            } catch (IOException | UnsupportedOperationException e) {
                return false;  // gone meanwhile, or not ours to inspect
            }
        }).toList();
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            List<String> lines = Files.exists(pidFile) ? Files.readAllLines(pidFile) : List.of();
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.of(-1L);  // unreadable: stale as well
        }
    }

    private boolean answers() {
        try (Connection connection = superuser(); Statement sql = connection.createStatement()) {
            return sql.executeQuery("SELECT 1").next();
        } catch (SQLException e) {
            return false;
        }
    }

    private Connection superuser() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", SUPERUSER);
        props.setProperty("connectTimeout", "2");  // seconds; the readiness loop retries
        props.setProperty("socketTimeout", "10");
        return DriverManager.getConnection("jdbc:postgresql://" + Ports.HOST + ":" + port + "/postgres", props);
    }

    private void ensureRoleAndDatabase() {
        try (Connection admin = superuser(); Statement sql = admin.createStatement()) {
            if (!exists(admin, "SELECT 1 FROM pg_roles WHERE rolname = ?", user)) {
                sql.execute("CREATE ROLE \"" + user + "\" LOGIN");
            }
            // Re-applied on every start so the password always matches stack.env.
            sql.execute("ALTER ROLE \"" + user + "\" PASSWORD '" + password.replace("'", "''") + "'");
            if (!exists(admin, "SELECT 1 FROM pg_database WHERE datname = ?", DATABASE)) {
                sql.execute("CREATE DATABASE " + DATABASE + " OWNER \"" + user + "\"");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare role " + user + " and database " + DATABASE, e);
        }
    }

    private static boolean exists(Connection connection, String query, String value) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, value);
            return statement.executeQuery().next();
        }
    }
}
