package dev.rustmaven.link;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** A stand-in LLD for the front-end tests: a shell script that records how it was called. */
final class StandInLld {

    private StandInLld() {}

    /**
     * Writes {@code dir/fake-lld}, which writes its arguments to {@link #arguments}, one a line, copies the content
     * of an {@code @file} argument to {@code dir/rsp.txt}, then runs {@code tail} (shell commands).
     */
    static Path write(Path dir, String tail) throws IOException {
        Path script = dir.resolve("fake-lld");
        Files.writeString(
                script,
                "#!/bin/sh\n"
                        + ": > '" + arguments(dir) + "'\n"
                        + "for a in \"$@\"; do printf '%s\\n' \"$a\" >> '" + arguments(dir) + "'\n"
                        + "  case \"$a\" in @*) cp \"${a#@}\" '" + dir + "/rsp.txt' ;; esac\n"
                        + "done\n"
                        + tail + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    /** The file the stand-in written into {@code dir} writes its arguments to. */
    static Path arguments(Path dir) {
        return dir.resolve("args.txt");
    }
}
