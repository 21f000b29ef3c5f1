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
    static PostgresNode start(StateDir state, int configuredPort, String user, String password) {
        int port = Ports.claim("PostgreSQL", configuredPort);
        Path bin = PostgresBinaries.bin();
        Path home = state.dir(NAME);
        Path dataDir = home.resolve("data");
        if (!Files.exists(dataDir.resolve("postgresql.conf"))) {
            // As zonky's initdb: trust authentication on the loopback-only server, superuser "postgres".
            ChildProcess.runToCompletion("initdb", PostgresBinaries.command(bin.resolve("initdb"),
                    "-A", "trust", "-U", SUPERUSER, "-D", dataDir.toString(), "-E", "UTF-8"),
                    home, state.log(NAME), Duration.ofSeconds(120));
        }
        PostgresNode node = new PostgresNode(port, user, password);
        // zonky's server settings: -F (no fsync: a development stack), UTC, no synchronous commit, 300 connections.
        ServiceSpec spec = ServiceSpec.of(NAME, PostgresBinaries.command(bin.resolve("postgres"),
                        "-D", dataDir.toString(), "-p", Integer.toString(port), "-F",
                        "-c", "listen_addresses=" + Ports.HOST, "-c", "unix_socket_directories=",
                        "-c", "timezone=UTC", "-c", "synchronous_commit=off", "-c", "max_connections=300"),
                        home, state.log(NAME))
                .readyWhen("SELECT 1 as " + SUPERUSER + " on port " + port, Duration.ofSeconds(60), since -> node.answers())
                .beforeEachStart(() -> removeStalePidFile(dataDir))
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
     * A postmaster killed with SIGKILL leaves {@code postmaster.pid} behind. PostgreSQL ignores the file only when no
     * process has that pid; in its user namespace a process it cannot signal counts as alive, so a reused pid would
     * block the restart. Removes the file unless its pid is still a running postgres (then starting would be wrong).
     */
    static void removeStalePidFile(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        Optional<Long> pid = readPid(pidFile);
        if (pid.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> holder = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive);
        if (holder.flatMap(h -> h.info().command()).filter(c -> c.endsWith("/postgres")).isPresent()) {
            throw new IllegalStateException("PostgreSQL (pid " + pid.get() + ") still runs on " + dataDir
                    + ": stop it first (./citypulse down)");
        }
        try {
            Files.deleteIfExists(pidFile);
            LOG.info("removed the stale {} (pid {} no longer runs PostgreSQL)", pidFile, pid.get());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the stale " + pidFile, e);
        }
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
