package io.citypulse.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** How child JVMs are launched: the running JDK's java binary and the classpaths resolved at build time. */
final class Jvm {

    private Jvm() {
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Reads a classpath written by runtime-classpaths/pom.xml during the build, e.g. {@code kafka-broker.classpath}. */
    static String classpath(String resource) {
        try (InputStream in = Jvm.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource " + resource + " missing: build citypulse-local-stack with Maven");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
