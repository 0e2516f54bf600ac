package dev.rustmaven.elf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A static library ({@code .a}): a Unix {@code ar} archive in the GNU/System V form (long names in a
 * {@code //} member) or the BSD form (long names as {@code #1/<length>} before the data). Symbol
 * index members are left out of {@link #members()}.
 *
 * <pre>{@code
 * for (ElfFile object : ArArchive.read(Path.of("libfoo.a")).elfMembers()) {
 *     object.header().describe();   // each member object's class, machine and ABI
 * }
 * }</pre>
 */
public final class ArArchive {

    private static final byte[] MAGIC = "!<arch>\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] THIN_MAGIC = "!<thin>\n".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = 60;

    /**
     * One member file.
     *
     * @param name its file name within the archive
     * @param offset where its data starts in the archive
     * @param size its data's size in bytes
     */
    public record Member(String name, long offset, long size) {}

    private final Path file;
    private final List<Member> members;

    private ArArchive(Path file, List<Member> members) {
        this.file = file;
        this.members = List.copyOf(members);
    }

    /** Whether {@code file} starts like an ar archive. */
    public static boolean isArchive(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() < MAGIC.length) {
                return false;
            }
            ByteBuffer start = ElfInput.of(file.toString(), channel, 0, channel.size())
                    .read(0, MAGIC.length, ByteOrder.LITTLE_ENDIAN, "the archive signature");
            return ByteBuffer.wrap(MAGIC).equals(start)
                    || ByteBuffer.wrap(THIN_MAGIC).equals(start);
        }
    }

    /**
     * Reads an archive's member list (not yet the members).
     *
     * @throws ElfFormatException when the file is not an ar archive or is truncated or damaged
     */
    public static ArArchive read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ElfInput in = ElfInput.of(file.toString(), channel, 0, channel.size());
            return new ArArchive(file, list(in));
        }
    }

    public Path file() {
        return file;
    }

    /** The member files in archive order, without the symbol index and the long-name table. */
    public List<Member> members() {
        return members;
    }

    /**
     * Reads one member's data.
     *
     * @param member one of {@link #members()}
     * @throws ElfFormatException when the archive has become shorter since it was listed
     */
    public byte[] content(Member member) throws IOException {
        if (member.size() > Integer.MAX_VALUE - 8) {
            throw new ElfFormatException(
                    file.toString(), "member " + member.name() + " has " + member.size() + " bytes, too many to read");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer data = ByteBuffer.allocate((int) member.size());
            while (data.hasRemaining()) {
                if (channel.read(data, member.offset() + data.position()) < 0) {
                    throw new ElfFormatException(
                            file.toString(),
                            "ends inside member " + member.name() + ": was the archive changed while being read?");
                }
            }
            return data.array();
        }
    }

    /**
     * Reads every member that is an ELF file, in archive order, each named
     * {@code libfoo.a(member.o)}; other members (such as rustc's {@code lib.rmeta}) are skipped.
     *
     * @throws ElfFormatException when a member that starts like an ELF file is damaged
     */
    public List<ElfFile> elfMembers() throws IOException {
        List<ElfFile> objects = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            for (Member m : members) {
                String name = ElfFile.fileName(file) + "(" + m.name() + ")";
                ElfInput in = ElfInput.of(file + "(" + m.name() + ")", channel, m.offset(), m.size());
                if (m.size() >= 4
                        && in.read(0, 4, ByteOrder.BIG_ENDIAN, "the member's signature")
                                        .getInt(0)
                                == ElfHeader.ELF_MAGIC) {
                    objects.add(ElfReader.read(in, name));
                }
            }
        }
        return objects;
    }

    private static List<Member> list(ElfInput in) throws IOException {
        if (in.size() < MAGIC.length) {
            throw in.malformed("is too short to be an ar archive (" + in.size() + " bytes)");
        }
        ByteBuffer magic = in.read(0, MAGIC.length, ByteOrder.LITTLE_ENDIAN, "the archive signature");
        if (ByteBuffer.wrap(THIN_MAGIC).equals(magic)) {
            throw in.malformed("is a thin archive, which only refers to its members' files: build a normal archive");
        }
        if (!ByteBuffer.wrap(MAGIC).equals(magic)) {
            throw in.malformed("is not an ar archive (a static library): it does not start with !<arch>");
        }
        List<Member> members = new ArrayList<>();
        String longNames = "";
        long at = MAGIC.length;
        while (at < in.size()) {
            if (in.size() - at < HEADER) {
                throw in.malformed("ends inside a member header at offset " + at + ": the archive is truncated");
            }
            byte[] h = new byte[HEADER];
            in.read(at, HEADER, ByteOrder.LITTLE_ENDIAN, "a member header").get(h);
            if (h[58] != '`' || h[59] != '\n') {
                throw in.malformed("has a damaged member header at offset " + at);
            }
            String rawName = ascii(h, 0, 16).stripTrailing();
            long size = decimal(in, ascii(h, 48, 10).trim(), at);
            long data = at + HEADER;
            if (size > in.size() - data) {
                throw in.malformed("member '" + rawName + "' at offset " + at + " claims " + size
                        + " bytes but the archive ends after " + (in.size() - data) + ": the archive is truncated");
            }
            String name;
            long offset = data;
            long memberSize = size;
            if (rawName.startsWith("#1/")) {
                int length = (int) decimal(in, rawName.substring(3), at);
                if (length > size) {
                    throw in.malformed("member at offset " + at + " has a name longer than the member");
                }
                byte[] n = new byte[length];
                in.read(data, length, ByteOrder.LITTLE_ENDIAN, "a member name").get(n);
                name = new String(n, StandardCharsets.UTF_8).replace("\0", "");
                offset += length;
                memberSize -= length;
            } else if (rawName.equals("//")) {
                byte[] n = new byte[(int) size];
                in.read(data, size, ByteOrder.LITTLE_ENDIAN, "the long-name table")
                        .get(n);
                longNames = new String(n, StandardCharsets.UTF_8);
                name = null;
            } else if (rawName.equals("/") || rawName.equals("/SYM64/")) {
                name = null;
            } else if (rawName.startsWith("/")) {
                int index = (int) decimal(in, rawName.substring(1), at);
                int end = longNames.indexOf("/\n", index);
                if (index >= longNames.length() || end < 0) {
                    throw in.malformed("member at offset " + at + " refers to long name " + index
                            + ", which is not in the archive's long-name table");
                }
                name = longNames.substring(index, end);
            } else {
                name = rawName.endsWith("/") ? rawName.substring(0, rawName.length() - 1) : rawName;
            }
            if (name != null && !name.startsWith("__.SYMDEF")) {
                members.add(new Member(name, offset, memberSize));
            }
            at = data + size + (size & 1);
        }
        return members;
    }

    private static long decimal(ElfInput in, String text, long at) throws ElfFormatException {
        if (text.isEmpty() || text.length() > 12 || !text.chars().allMatch(Character::isDigit)) {
            throw in.malformed("has a member header at offset " + at + " with '" + text + "' where a number belongs");
        }
        return Long.parseLong(text);
    }

    private static String ascii(byte[] bytes, int from, int length) {
        return new String(bytes, from, length, StandardCharsets.US_ASCII);
    }
}
