package dev.rustmaven.archiver;

import dev.rustmaven.elf.ElfFile;
import dev.rustmaven.elf.ElfSymbol;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A static library in the GNU (System V) {@code ar} format, laid out byte for byte as GNU {@code ar} and
 * {@code llvm-ar} write it in deterministic mode ({@code D}):
 *
 * <pre>
 * !&lt;arch&gt;\n
 * /          the symbol index: a big-endian 32-bit count, one 32-bit offset of the defining member's
 *            header per symbol, then the names, each ending in NUL (padded with NUL to an even size)
 * //         the long-name table: "name/\n" for every member name longer than 15 bytes
 * name/      each member: a 60-byte header (name, time 0, owner 0, group 0, mode 644, size), its data,
 *            and a '\n' after odd-sized data
 * </pre>
 *
 * <p>The index lists, member by member in symbol table order, the symbols of every ELF member (32- or 64-bit,
 * either byte order) that a linker may take from it: defined, not local, and not a section or file symbol;
 * weak, common, thread-local and hidden ones included, as both GNU {@code ar} and {@code llvm-ar} do. Other
 * members are stored without symbols; an archive without ELF members gets no index.
 */
public final class GnuArchive {

    /** The archive signature. */
    public static final byte[] MAGIC = "!<arch>\n".getBytes(StandardCharsets.US_ASCII);

    static final int HEADER_SIZE = 60;
    /** Longer names go to the long-name table: a short name and its closing '/' fill the 16-byte field. */
    static final int MAX_SHORT_NAME = 15;

    private static final byte[] LONG_NAME_END = {'/', '\n'};
    private static final long MAX_INDEX_OFFSET = 0xffff_ffffL;
    private static final byte[] BITCODE = {'B', 'C', (byte) 0xc0, (byte) 0xde};
    private static final byte[] BITCODE_WRAPPER = {(byte) 0xde, (byte) 0xc0, 0x17, 0x0b};

    /**
     * One symbol of the index.
     *
     * @param symbol its name
     * @param member the name of the member that defines it
     * @param headerOffset where that member's header starts in the archive: what the index stores
     */
    public record IndexEntry(String symbol, String member, long headerOffset) {}

    private final List<ArchiveMember> members;
    private final List<IndexEntry> index;
    private final boolean hasIndex;
    private final byte[] longNames;
    private final List<String> headerNames;
    private final List<String> bitcodeMembers;
    private final long size;

    private GnuArchive(
            List<ArchiveMember> members,
            List<IndexEntry> index,
            boolean hasIndex,
            byte[] longNames,
            List<String> headerNames,
            List<String> bitcodeMembers,
            long size) {
        this.members = members;
        this.index = index;
        this.hasIndex = hasIndex;
        this.longNames = longNames;
        this.headerNames = headerNames;
        this.bitcodeMembers = bitcodeMembers;
        this.size = size;
    }

    /**
     * Lays out an archive of {@code members}, in this order.
     *
     * @param withIndex whether to write the symbol index ({@code s}, the default of {@code ar}); there is
     *     none anyway when no member is an ELF file
     * @throws dev.rustmaven.elf.ElfFormatException when a member that starts like an ELF file is damaged
     * @throws IOException when the archive would pass 4 GiB, which the 32-bit offsets of the index cannot
     *     address
     */
    public static GnuArchive of(List<ArchiveMember> members, boolean withIndex) throws IOException {
        List<ArchiveMember> ordered = List.copyOf(members);
        List<List<String>> symbols = new ArrayList<>(ordered.size());
        List<String> bitcode = new ArrayList<>();
        boolean anyElf = false;
        for (ArchiveMember m : ordered) {
            if (withIndex && ElfFile.isElf(m.data())) {
                anyElf = true;
                symbols.add(indexedSymbols(m));
            } else {
                if (withIndex && isBitcode(m.data())) {
                    bitcode.add(m.name());
                }
                symbols.add(List.of());
            }
        }
        boolean hasIndex = withIndex && anyElf;

        ByteArrayOutputStream table = new ByteArrayOutputStream();
        List<String> headerNames = new ArrayList<>(ordered.size());
        for (ArchiveMember m : ordered) {
            byte[] name = m.name().getBytes(StandardCharsets.UTF_8);
            if (name.length <= MAX_SHORT_NAME) {
                headerNames.add(m.name() + "/");
            } else {
                headerNames.add("/" + table.size());
                table.writeBytes(name);
                table.writeBytes(LONG_NAME_END);
            }
        }
        if (table.size() % 2 != 0) {
            table.write('\n');
        }
        byte[] longNames = table.toByteArray();

        long at = MAGIC.length;
        if (hasIndex) {
            at += HEADER_SIZE + indexSize(symbols);
        }
        if (longNames.length > 0) {
            at += HEADER_SIZE + longNames.length;
        }
        List<IndexEntry> index = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            ArchiveMember m = ordered.get(i);
            for (String symbol : symbols.get(i)) {
                if (at > MAX_INDEX_OFFSET) {
                    throw new IOException("the archive would be larger than 4 GiB: member " + m.name()
                            + " would start at byte " + at + ", past what the 32-bit GNU symbol index can address");
                }
                index.add(new IndexEntry(symbol, m.name(), at));
            }
            long length = m.data().length;
            at += HEADER_SIZE + length + (length & 1);
        }
        return new GnuArchive(
                ordered, List.copyOf(index), hasIndex, longNames, List.copyOf(headerNames), List.copyOf(bitcode), at);
    }

    /**
     * The names an archive index lists for an ELF member: its symbols that are defined, not local, and not
     * a section or file symbol, in symbol table order.
     */
    static List<String> indexedSymbols(ArchiveMember member) throws IOException {
        List<String> names = new ArrayList<>();
        for (ElfSymbol s : ElfFile.symbolTable(member.data(), member.name())) {
            if (isIndexed(s)) {
                names.add(s.name());
            }
        }
        return names;
    }

    /** Whether a linker may take {@code symbol} from the archive, so the index must name it. */
    static boolean isIndexed(ElfSymbol symbol) {
        return symbol.isDefined()
                && symbol.binding() != ElfSymbol.Binding.LOCAL
                && symbol.type() != ElfSymbol.Type.SECTION
                && symbol.type() != ElfSymbol.Type.FILE;
    }

    private static boolean isBitcode(byte[] data) {
        return startsWith(data, BITCODE) || startsWith(data, BITCODE_WRAPPER);
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static long indexSize(List<List<String>> symbols) {
        long size = 4;
        for (List<String> names : symbols) {
            for (String name : names) {
                size += 4 + name.getBytes(StandardCharsets.UTF_8).length + 1;
            }
        }
        return size + (size & 1);
    }

    /** The members in archive order. */
    public List<ArchiveMember> members() {
        return members;
    }

    /** The symbol index in archive order; empty when the archive has none. */
    public List<IndexEntry> index() {
        return index;
    }

    /** Whether the archive has a symbol index member ({@code /}), possibly an empty one. */
    public boolean hasIndex() {
        return hasIndex;
    }

    /**
     * The members that are LLVM bitcode (objects compiled with {@code -flto}): stored, but without symbols
     * in the index, because reading bitcode needs LLVM. LLD reads such members itself; GNU ld cannot link
     * them anyway.
     */
    public List<String> bitcodeMembers() {
        return bitcodeMembers;
    }

    /** The archive's size in bytes. */
    public long size() {
        return size;
    }

    /** Writes the archive's bytes. */
    public void writeTo(OutputStream out) throws IOException {
        out.write(MAGIC);
        if (hasIndex) {
            writeIndex(out);
        }
        if (longNames.length > 0) {
            out.write(header("//", "", "", "", "", longNames.length));
            out.write(longNames);
        }
        for (int i = 0; i < members.size(); i++) {
            byte[] data = members.get(i).data();
            out.write(header(headerNames.get(i), "0", "0", "0", "644", data.length));
            out.write(data);
            if (data.length % 2 != 0) {
                out.write('\n');
            }
        }
    }

    private void writeIndex(OutputStream out) throws IOException {
        List<byte[]> names = new ArrayList<>(index.size());
        long size = 4;
        for (IndexEntry e : index) {
            byte[] name = e.symbol().getBytes(StandardCharsets.UTF_8);
            names.add(name);
            size += 4 + name.length + 1;
        }
        long padding = size & 1;
        out.write(header("/", "0", "0", "0", "0", size + padding));
        writeBigEndian(out, index.size());
        for (IndexEntry e : index) {
            writeBigEndian(out, e.headerOffset());
        }
        for (byte[] name : names) {
            out.write(name);
            out.write(0);
        }
        if (padding != 0) {
            out.write(0);
        }
    }

    private static void writeBigEndian(OutputStream out, long value) throws IOException {
        out.write((int) (value >>> 24));
        out.write((int) (value >>> 16));
        out.write((int) (value >>> 8));
        out.write((int) value);
    }

    /** A member header: each field left-aligned and padded with spaces, then the two-byte end mark. */
    private static byte[] header(String name, String time, String owner, String group, String mode, long size) {
        byte[] h = new byte[HEADER_SIZE];
        Arrays.fill(h, (byte) ' ');
        int at = field(h, 0, name, 16);
        at = field(h, at, time, 12);
        at = field(h, at, owner, 6);
        at = field(h, at, group, 6);
        at = field(h, at, mode, 8);
        at = field(h, at, Long.toString(size), 10);
        h[at] = '`';
        h[at + 1] = '\n';
        return h;
    }

    private static int field(byte[] header, int at, String value, int width) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > width) {
            throw new IllegalArgumentException(
                    "'" + value + "' does not fit the " + width + "-byte field of an ar member header");
        }
        System.arraycopy(bytes, 0, header, at, bytes.length);
        return at + width;
    }
}
