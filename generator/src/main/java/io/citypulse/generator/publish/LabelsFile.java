package io.citypulse.generator.publish;

import io.citypulse.contract.event.InjectionLabel;
import io.citypulse.contract.wire.RecordJson;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Injection labels as JSON lines, the same JSON as on the ground-truth topic. */
public final class LabelsFile implements AutoCloseable {

    private final OutputStream out;

    public LabelsFile(Path path) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            this.out = new BufferedOutputStream(Files.newOutputStream(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write labels to " + path, e);
        }
    }

    public synchronized void write(InjectionLabel label) {
        try {
            out.write(RecordJson.encode(label));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a label", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the labels file", e);
        }
    }
}
