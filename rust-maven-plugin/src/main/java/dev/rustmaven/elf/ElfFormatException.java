package dev.rustmaven.elf;

import java.io.IOException;

/**
 * A file is not a well-formed ELF file or ar archive: it is truncated, damaged or of another kind.
 * The message names the file and says what is wrong with it.
 */
public class ElfFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public ElfFormatException(String fileName, String problem) {
        super(fileName + ": " + problem);
    }
}
