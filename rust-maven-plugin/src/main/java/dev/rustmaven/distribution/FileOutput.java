package dev.rustmaven.distribution;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * Opens the files that downloads and unpacking write. The one seam through which tests make the disk fail
 * (full, read-only) at the write layer; production code uses {@link #DISK}.
 */
@FunctionalInterface
interface FileOutput {

    /** {@link Files#newOutputStream(Path, OpenOption...)}. */
    FileOutput DISK = Files::newOutputStream;

    OutputStream open(Path file, OpenOption... options) throws IOException;
}
