package io.citypulse.speedlayer.app;

import io.citypulse.localstack.LocalStack;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The speed layer as a child JVM on the test classpath, pointed at the local stack through its environment. */
public final class SpeedLayerProcess implements AutoCloseable {

    private final Process process;

    private SpeedLayerProcess(Process process) {
        this.process = process;
    }

    public static SpeedLayerProcess start(LocalStack stack, Path log, String... args) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", classpath, SpeedLayerMain.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(stack.environment());
        return new SpeedLayerProcess(builder.start());
    }

    /** SIGKILL: no hook, no flush. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, then waits for the clean shutdown; returns the exit code. */
    public int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("speed layer did not stop within 60 s of SIGTERM");
        }
        return process.exitValue();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    public static Path logFile(String name) {
        return new File("target/" + name + ".log").toPath().toAbsolutePath();
    }
}
