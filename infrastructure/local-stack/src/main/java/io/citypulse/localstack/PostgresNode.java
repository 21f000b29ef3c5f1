package io.citypulse.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import org.flywaydb.core.Flyway;

/**
 * PostgreSQL 17 from zonky's embedded binaries, data under {@code STATE/postgres/data}.
 * Unlike Debian's initdb, zonky's build also runs as root, so no apt package and no runuser is needed.
 */
final class PostgresNode implements AutoCloseable {

    static final String NAME = "postgres";
    static final String DATABASE = "citypulse";

    private final EmbeddedPostgres postgres;
    private final Path dataDir;
    private final String user;
    private final String password;

    private PostgresNode(EmbeddedPostgres postgres, Path dataDir, String user, String password) {
        this.postgres = postgres;
        this.dataDir = dataDir;
        this.user = user;
        this.password = password;
    }

    /** Initialises the cluster on first use, starts it and makes sure the CityPulse role and database exist. */
    static PostgresNode start(StateDir state, int configuredPort, String user, String password) {
        int port = Ports.claim("PostgreSQL", configuredPort);
        Path dataDir = state.dir(NAME).resolve("data");
        ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(state.log(NAME).toFile());
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false) // LocalStack's own hook stops PostgreSQL last, after the apps
                    .setPort(port)
                    .setOutputRedirector(log)
                    .setErrorRedirector(log)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("PostgreSQL failed to start on port " + port + ": " + e.getMessage()
                    + "\n(see " + state.log(NAME) + ")", e);
        }
        PostgresNode node = new PostgresNode(postgres, dataDir, user, password);
        try {
            node.ensureRoleAndDatabase();
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://" + Ports.HOST + ":" + postgres.getPort() + "/" + DATABASE;
    }

    int port() {
        return postgres.getPort();
    }

    /** The postmaster's pid, from {@code postmaster.pid}. */
    long pid() {
        try {
            return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the PostgreSQL pid", e);
        }
    }

    /** Applies the contract's migrations from {@code classpath:db/migration}. */
    void migrate() {
        Flyway.configure()
                .dataSource(jdbcUrl(), user, password)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    /** Stops PostgreSQL and returns once the postmaster has exited (pg_ctl returns a moment earlier). */
    @Override
    public void close() {
        Optional<ProcessHandle> postmaster = Files.exists(dataDir.resolve("postmaster.pid"))
                ? ProcessHandle.of(pid()) : Optional.empty();
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not stop cleanly", e);
        }
        postmaster.ifPresent(p -> ChildProcess.stop(p, false, Duration.ofSeconds(10)));
    }

    private void ensureRoleAndDatabase() {
        try (Connection admin = postgres.getPostgresDatabase().getConnection(); Statement sql = admin.createStatement()) {
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
