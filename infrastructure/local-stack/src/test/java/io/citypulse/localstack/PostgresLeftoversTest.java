package io.citypulse.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link PostgresNode#clearLeftovers} does before a restart, with real processes standing in for a postmaster's. */
class PostgresLeftoversTest {

    @TempDir
    Path dataDir;
    private Process stray;

    @AfterEach
    void cleanUp() {
        if (stray != null) {
            stray.destroyForcibly();
        }
    }

    @Test
    void killsWhatADeadPostmasterLeftInItsDirectoryAndRemovesItsPidFile() throws Exception {
        stray = new ProcessBuilder("sleep", "600").directory(dataDir.toFile()).start();  // an orphaned backend
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(dataDir.resolve("postmaster.pid"), gone.pid() + "\n" + dataDir + "\n");

        PostgresNode.clearLeftovers(dataDir);

        assertThat(stray.isAlive()).isFalse();
        assertThat(dataDir.resolve("postmaster.pid")).doesNotExist();
    }

    @Test
    void leavesAPostmasterThatStillRunsAloneAndFails() throws Exception {
        stray = new ProcessBuilder("sleep", "600").directory(dataDir.toFile()).start();
        Files.writeString(dataDir.resolve("postmaster.pid"), stray.pid() + "\n" + dataDir + "\n");

        assertThatThrownBy(() -> PostgresNode.clearLeftovers(dataDir)).isInstanceOf(IllegalStateException.class)
                .hasMessage("PostgreSQL (pid " + stray.pid() + ") still runs on " + dataDir + ": stop it first (./citypulse down)");
        assertThat(stray.isAlive()).isTrue();
        assertThat(dataDir.resolve("postmaster.pid")).exists();
    }

    @Test
    void leavesAFreshDirectoryAsItIs() {
        PostgresNode.clearLeftovers(dataDir);

        assertThat(dataDir).isEmptyDirectory();
    }
}
