package dev.rustmaven.loader.platform;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Writes small but well-formed 32-bit little-endian ELF files: header, PT_INTERP, named sections. */
public final class ElfBuilder {

    private int type = ElfFile.ET_DYN;
    private int machine = ElfFile.EM_ARM;
    private int flags;
    private String interpreter;
    private final List<String> names = new ArrayList<>();
    private final List<Integer> types = new ArrayList<>();
    private final List<byte[]> contents = new ArrayList<>();
    private final List<Integer> links = new ArrayList<>();
    private final List<Integer> infos = new ArrayList<>();

    /** e_type; a shared object unless told otherwise. */
    public ElfBuilder type(int value) {
        type = value;
        return this;
    }

    public ElfBuilder machine(int value) {
        machine = value;
        return this;
    }

    public ElfBuilder flags(int value) {
        flags = value;
        return this;
    }

    public ElfBuilder interpreter(String value) {
        interpreter = value;
        return this;
    }

    public ElfBuilder section(String name, int type, byte[] data) {
        return section(name, type, data, 0, 0);
    }

    /** A section with sh_link and sh_info; sections are numbered from 1 in the order they are added. */
    public ElfBuilder section(String name, int type, byte[] data, int link, int info) {
        names.add(name);
        types.add(type);
        contents.add(data);
        links.add(link);
        infos.add(info);
        return this;
    }

    /**
     * Adds {@code .dynstr} and a {@code .gnu.version_r} that needs the given versions (such as
     * {@code GLIBC_2.34}) from {@code libc.so.6}.
     */
    public ElfBuilder versionNeeds(String... versions) {
        ByteArrayOutputStream strings = new ByteArrayOutputStream();
        strings.write(0);
        int file = add(strings, "libc.so.6");
        List<Integer> nameOffsets = new ArrayList<>();
        for (String v : versions) {
            nameOffsets.add(add(strings, v));
        }
        ByteBuffer needs = ByteBuffer.allocate(16 + 16 * versions.length).order(ByteOrder.LITTLE_ENDIAN);
        needs.putShort((short) 1)
                .putShort((short) versions.length)
                .putInt(file)
                .putInt(16)
                .putInt(0);
        for (int i = 0; i < versions.length; i++) {
            needs.putInt(0)
                    .putShort((short) 0)
                    .putShort((short) (2 + i))
                    .putInt(nameOffsets.get(i))
                    .putInt(i == versions.length - 1 ? 0 : 16);
        }
        int dynstr = names.size() + 1;
        section(".dynstr", 3, strings.toByteArray());
        return section(".gnu.version_r", ElfFile.SHT_GNU_VERNEED, needs.array(), dynstr, 1);
    }

    private static int add(ByteArrayOutputStream strings, String s) {
        int offset = strings.size();
        byte[] b = (s + "\0").getBytes(StandardCharsets.ISO_8859_1);
        strings.write(b, 0, b.length);
        return offset;
    }

    public byte[] build() {
        // layout: header | program header | interp | section data... | shstrtab | section headers
        ByteArrayOutputStream shstrtab = new ByteArrayOutputStream();
        shstrtab.write(0);
        List<Integer> nameOffsets = new ArrayList<>();
        List<String> allNames = new ArrayList<>(names);
        allNames.add(".shstrtab");
        for (String n : allNames) {
            nameOffsets.add(shstrtab.size());
            byte[] b = n.getBytes(StandardCharsets.ISO_8859_1);
            shstrtab.write(b, 0, b.length);
            shstrtab.write(0);
        }
        List<byte[]> allContents = new ArrayList<>(contents);
        allContents.add(shstrtab.toByteArray());
        List<Integer> allTypes = new ArrayList<>(types);
        allTypes.add(3);
        List<Integer> allLinks = new ArrayList<>(links);
        allLinks.add(0);
        List<Integer> allInfos = new ArrayList<>(infos);
        allInfos.add(0);

        int phnum = interpreter == null ? 0 : 1;
        int offset = 52 + 32 * phnum;
        byte[] interp = interpreter == null ? new byte[0] : (interpreter + "\0").getBytes(StandardCharsets.ISO_8859_1);
        int interpOffset = offset;
        offset += interp.length;
        List<Integer> offsets = new ArrayList<>();
        for (byte[] c : allContents) {
            offsets.add(offset);
            offset += c.length;
        }
        int shoff = offset;
        int shnum = allContents.size() + 1;
        ByteBuffer buf = ByteBuffer.allocate(shoff + 40 * shnum).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(new byte[] {0x7f, 'E', 'L', 'F', 1, 1, 1, 0});
        buf.position(16);
        buf.putShort((short) type)
                .putShort((short) machine)
                .putInt(1)
                .putInt(0)
                .putInt(phnum == 0 ? 0 : 52)
                .putInt(shoff)
                .putInt(flags)
                .putShort((short) 52)
                .putShort((short) 32)
                .putShort((short) phnum)
                .putShort((short) 40)
                .putShort((short) shnum)
                .putShort((short) (shnum - 1));
        if (phnum == 1) {
            buf.putInt(3)
                    .putInt(interpOffset)
                    .putInt(0)
                    .putInt(0)
                    .putInt(interp.length)
                    .putInt(interp.length)
                    .putInt(4)
                    .putInt(1);
            buf.put(interp);
        }
        for (byte[] c : allContents) {
            buf.put(c);
        }
        buf.put(new byte[40]);
        for (int i = 0; i < allContents.size(); i++) {
            buf.putInt(nameOffsets.get(i))
                    .putInt(allTypes.get(i))
                    .putInt(0)
                    .putInt(0)
                    .putInt(offsets.get(i))
                    .putInt(allContents.get(i).length)
                    .putInt(allLinks.get(i))
                    .putInt(allInfos.get(i))
                    .putInt(1)
                    .putInt(0);
        }
        return buf.array();
    }

    /** An {@code .ARM.attributes} section with the given integer file attributes (tag, value pairs) and a CPU name. */
    public static byte[] armAttributes(String cpuName, int... tagValues) {
        ByteArrayOutputStream attrs = new ByteArrayOutputStream();
        attrs.write(5);
        byte[] name = (cpuName + "\0").getBytes(StandardCharsets.ISO_8859_1);
        attrs.write(name, 0, name.length);
        for (int v : tagValues) {
            uleb(attrs, v);
        }
        byte[] a = attrs.toByteArray();
        int fileSize = 1 + 4 + a.length;
        byte[] vendor = "aeabi\0".getBytes(StandardCharsets.ISO_8859_1);
        int subsectionSize = 4 + vendor.length + fileSize;
        ByteBuffer b = ByteBuffer.allocate(1 + subsectionSize).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'A')
                .putInt(subsectionSize)
                .put(vendor)
                .put((byte) 1)
                .putInt(fileSize)
                .put(a);
        return b.array();
    }

    private static void uleb(ByteArrayOutputStream out, int value) {
        int v = value;
        do {
            int b = v & 0x7f;
            v >>>= 7;
            out.write(v != 0 ? b | 0x80 : b);
        } while (v != 0);
    }
}
