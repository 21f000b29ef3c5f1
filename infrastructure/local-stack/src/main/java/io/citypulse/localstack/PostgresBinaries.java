package io.citypulse.localstack;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Zonky's PostgreSQL 17 build for linux-amd64, unpacked once per machine into {@code java.io.tmpdir}. The stack runs
 * {@code postgres} itself (not through zonky's {@code pg_ctl start}) so that the postmaster is the launcher's child:
 * its exit status is known and the supervisor can start it again.
 */
final class PostgresBinaries {

    private PostgresBinaries() {
    }

    /** The {@code bin} directory, unpacking the archive first if this machine has not yet. */
    static Path bin() {
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", "x86_64")) {
            byte[] archive = in.readAllBytes();
            Path home = Path.of(System.getProperty("java.io.tmpdir"), "citypulse-postgres", sha256(archive).substring(0, 16));
            if (!Files.isExecutable(home.resolve("bin/postgres"))) {
                unpack(archive, home);
            }
            return home.resolve("bin");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack zonky's PostgreSQL binaries", e);
        }
    }

    /**
     * The command that runs {@code binary}: PostgreSQL refuses to run as root, so as root it runs in a user namespace
     * of its own ({@code unshare -U}, as zonky does), where it is not root; unshare execs in place, keeping the pid.
     */
    static List<String> command(Path binary, String... args) {
        List<String> command = new ArrayList<>();
        if (ProcessHandle.current().info().user().filter("root"::equals).isPresent()) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.add(binary.toString());
        command.addAll(List.of(args));
        return command;
    }

    /** Unpacks next to {@code home} and renames into place, so concurrent first starts never see half a tree. */
    private static void unpack(byte[] archive, Path home) throws IOException {
        Files.createDirectories(home.getParent());
        Path partial = Files.createTempDirectory(home.getParent(), home.getFileName() + ".partial-");
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(archive)))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                Path target = partial.resolve(entry.getName()).normalize();
                if (!target.startsWith(partial)) {
                    throw new IOException("archive entry outside its directory: " + entry.getName());
                }
                Files.createDirectories(entry.isDirectory() ? target : target.getParent());
                if (entry.isSymbolicLink()) {
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                } else if (entry.isFile()) {
                    Files.copy(tar, target);
                    Files.setPosixFilePermissions(target, permissions(entry.getMode()));
                }
            }
        }
        try {
            Files.move(partial, home, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            StateDir.deleteTree(partial);  // another launcher unpacked the same archive first
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values();  // OWNER_READ .. OTHERS_EXECUTE, high bit first
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << (bits.length - 1 - i))) != 0) {
                permissions.add(bits[i]);
            }
        }
        return permissions;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
