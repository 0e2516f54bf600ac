package dev.rustmaven.loader.cache;

import dev.rustmaven.loader.platform.Auxv;
import java.io.File;
import java.io.FileInputStream;
import java.net.URL;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What an earlier start of the same program loaded, remembered in the cache so that the next start loads the
 * same sealed copy without working the choice out again: without the platform's detection, the class path
 * lookup of the library and its properties, and the checks of its ELF headers. Those cost a fresh JVM tens of
 * milliseconds (loading and running their code in the interpreter); a start with a record checks about twenty
 * files' {@code stat} and loads the copy.
 *
 * <p>A record holds for exactly the process that could have written it, as the JDK's class data sharing
 * trusts its archive by the sizes and times of the class path: the JVM ({@code java.home}, {@code
 * java.vm.version}, {@code os.name}, {@code os.arch}, {@code sun.arch.abi}), the class path ({@code
 * java.class.path}, the extension and boot class paths; the working directory if an entry is relative), the
 * kernel's boot ({@code
 * /proc/sys/kernel/random/boot_id}: a CPU cannot change without a reboot), and the size and modification time
 * of {@code /proc/self/exe}, of {@code libjvm.so}, of the C libraries at their usual places, of the loader's own
 * jar, of every class path entry and of the jars the library and its properties came from. Anything that
 * differs or cannot be read means the full way, which writes the record anew. It is used only for {@link
 * dev.rustmaven.loader.NativeLoader#load(String)} with no {@code dev.rustmaven.loader.*} system property set,
 * the loader in the system class loader, a class path of jars only (a directory's contents can change without
 * its time changing; an empty entry is the working directory) and no module path: on Linux. What it does not see: a jar named by the {@code Class-Path}
 * of a jar's manifest that appears after the record was written and holds the same library (a new jar of the
 * class path, or the next boot, writes a new record).
 *
 * <p>It is trusted like the cache's sealed copies: read only from a root of the current user that nobody else
 * may write, only if it is a regular file of that user that nobody may write; written ({@link StartRecordWriter})
 * into a private temporary file, flushed to disk, made read-only and renamed into place. The copy it names is
 * checked as every warm load checks it ({@link CacheChecks#sealedCopy}): sealed, the recorded size, the user's
 * own.
 *
 * <p>A start with a record pays for every class it loads (a fresh JVM loads, verifies and runs each in the
 * interpreter: about a quarter of a millisecond for a small one) and for every exception type it catches (loaded
 * to verify the catching class). So the reading side is this one class, with what it needs of the JDK only: no
 * {@code Host}, no separate result class, and {@code catch (Exception e)} where anything going wrong only means
 * the full way. The record is a list of length-prefixed fields, so that reading it needs no unescaping of every
 * character.
 */
public final class StartRecord {

    /**
     * The first line of every record; the format number changes whenever what is recorded, or how a load chooses,
     * changes meaning.
     */
    static final String HEADER = "# rust-native-loader start record, format 4: what a start of this program loaded";

    /** The auxiliary vector's hardware capability entries. */
    private static final long AT_HWCAP = 16;

    private static final long AT_HWCAP2 = 26;

    /** Bigger than any record: a larger file is not one. */
    static final int MAX_SIZE = 256 * 1024;

    static final String KEY = "key";
    static final String SOURCE = "source";
    static final String TRIPLE = "triple";
    static final String SHA256 = "sha256";
    static final String FILE_NAME = "fileName";
    static final String SIZE = "size";
    static final String EXPLANATION = "explanation";

    /**
     * Where glibc's {@code libc.so.6} is: the multiarch directories, then the plain ones (on merged-usr systems
     * /lib leads to /usr/lib).
     */
    private static final String[] GLIBC = {
        "/lib/x86_64-linux-gnu/libc.so.6",
        "/lib/aarch64-linux-gnu/libc.so.6",
        "/lib/arm-linux-gnueabihf/libc.so.6",
        "/lib/arm-linux-gnueabi/libc.so.6",
        "/lib/i386-linux-gnu/libc.so.6",
        "/lib/riscv64-linux-gnu/libc.so.6",
        "/lib/powerpc64le-linux-gnu/libc.so.6",
        "/lib/s390x-linux-gnu/libc.so.6",
        "/lib/loongarch64-linux-gnu/libc.so.6",
        "/lib64/libc.so.6",
        "/lib/libc.so.6",
        "/usr/lib/libc.so.6"
    };

    /** musl's loader-and-libc of each architecture a Pi or a build machine has. */
    private static final String[] MUSL = {
        "/lib/ld-musl-x86_64.so.1",
        "/lib/ld-musl-aarch64.so.1",
        "/lib/ld-musl-armhf.so.1",
        "/lib/ld-musl-arm.so.1",
        "/lib/ld-musl-i386.so.1",
        "/lib/ld-musl-riscv64.so.1"
    };

    private final String environment;
    private final List<String> identities;

    /** What a record read says to load (null in a key): the sealed copy, the record, the triple, the explanation. */
    private final Path copy;

    private final Path record;
    private final String triple;
    private final String explanation;

    StartRecord(String environment, List<String> identities) {
        this(environment, identities, null, null, null, null);
    }

    private StartRecord(
            String environment, List<String> identities, Path copy, Path record, String triple, String explanation) {
        this.environment = environment;
        this.identities = identities;
        this.copy = copy;
        this.record = record;
        this.triple = triple;
        this.explanation = explanation;
    }

    /** The sealed copy a record read names; null for this process's key. */
    public Path copy() {
        return copy;
    }

    /** The record file that was read; null for this process's key. */
    public Path record() {
        return record;
    }

    /** The copy's Rust target triple; null for this process's key. */
    public String triple() {
        return triple;
    }

    /** The explanation of the load that wrote the record; null for this process's key. */
    public String explanation() {
        return explanation;
    }

    /** The key's text: what a record must hold to be this process's. */
    String key() {
        StringBuilder key = new StringBuilder(environment);
        for (String identity : identities) {
            key.append('\n').append(identity);
        }
        return key.toString();
    }

    /**
     * The record key of this process, or null if this process cannot have a record: not Linux, a class path
     * that is not all jars, a module path, or a fact of the key that cannot be read. The caller has already
     * checked the system properties and the class loaders.
     */
    public static StartRecord ofThisProcess() {
        String osName = System.getProperty("os.name");
        if (osName == null
                || !osName.startsWith("Linux")
                || System.getProperty("jdk.module.path") != null
                || System.getProperty("java.system.class.loader") != null) {
            // a module path, or a system class loader of the application's, finds resources beyond the class path
            return null;
        }
        StringBuilder e = new StringBuilder("environment");
        String[] properties = {
            "java.home",
            "java.vm.version",
            "os.name",
            "os.arch",
            "sun.arch.abi",
            "java.class.path",
            "java.ext.dirs",
            "sun.boot.class.path",
            "jdk.boot.class.path.append"
        };
        for (String property : properties) {
            e.append('\n').append(property).append('=').append(System.getProperty(property));
        }
        byte[] boot = readFile("/proc/sys/kernel/random/boot_id", 64);
        if (boot == null) {
            return null;
        }
        e.append("\nboot=").append(new String(boot, 0, boot.length, StandardCharsets.ISO_8859_1).trim());
        String arch = System.getProperty("os.arch");
        if (arch != null && (arch.startsWith("arm") || arch.equals("aarch64"))) {
            // The CPU an ARM detection saw: qemu-user emulates another one for each -cpu without a reboot.
            String hwcap = hardwareCapabilities(arch.startsWith("arm"));
            if (hwcap == null) {
                return null;
            }
            e.append("\nhwcap=").append(hwcap);
        }
        List<String> identities = new ArrayList<>();
        if (!addIdentity(identities, "/proc/self/exe") || !addLibraries(identities)) {
            return null;
        }
        String libraries = System.getProperty("sun.boot.library.path");
        if (libraries != null) {
            for (String vm : new String[] {"server", "client", "minimal", "zero"}) {
                // the one the JVM runs on is there; a missing kind is passed over, and appearing changes the key
                addIdentity(identities, libraries + "/" + vm + "/libjvm.so");
            }
        }
        String code = codeLocation();
        if (code == null || !addIdentity(identities, code)) {
            return null;
        }
        String classPath = System.getProperty("java.class.path");
        boolean relative = false;
        for (String entry : entries(classPath == null ? "" : classPath)) {
            // An empty entry (an empty class path too) is the working directory, which the JVM searches.
            // A directory's identity does not change when a file below it does: no record for such a class path.
            File file = new File(entry);
            relative |= !file.isAbsolute();
            if (entry.isEmpty() || file.isDirectory() || !addIdentity(identities, file.getAbsolutePath())) {
                return null;
            }
        }
        for (String property : new String[] {"java.ext.dirs", "sun.boot.class.path", "jdk.boot.class.path.append"}) {
            String paths = System.getProperty(property);
            for (String entry : entries(paths == null ? "" : paths)) {
                if (entry.isEmpty()) {
                    continue;
                }
                // an extension directory changes its identity when a jar is added or removed; a missing one is none
                File file = new File(entry);
                relative |= !file.isAbsolute();
                if (file.exists() && !addIdentity(identities, file.getAbsolutePath())) {
                    return null;
                }
            }
        }
        if (relative) {
            // the same relative class path started from another directory is another program
            e.append("\nuser.dir=").append(System.getProperty("user.dir"));
        }
        return new StartRecord(e.toString(), identities);
    }

    /** AT_HWCAP and AT_HWCAP2 of {@code /proc/self/auxv}, or null if it cannot be read. */
    private static String hardwareCapabilities(boolean is32Bit) {
        byte[] auxv = readFile("/proc/self/auxv", 4096);
        if (auxv == null) {
            return null;
        }
        Map<Long, Long> entries = Auxv.parse(auxv, is32Bit ? 4 : 8, ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN);
        return entries.get(AT_HWCAP) + "," + entries.get(AT_HWCAP2);
    }

    /** Every entry of a path list, empty ones too: {@code ""} is one empty entry. */
    private static List<String> entries(String paths) {
        List<String> entries = new ArrayList<>();
        int start = 0;
        while (true) {
            int end = paths.indexOf(File.pathSeparatorChar, start);
            entries.add(paths.substring(start, end < 0 ? paths.length() : end));
            if (end < 0) {
                return entries;
            }
            start = end + 1;
        }
    }

    /**
     * The C libraries at their usual places, with their identities: what the glibc version of a detection
     * depends on. Looking at each place costs less than reading {@code /proc/self/maps}; an upgrade replaces
     * the file. False if there is none (an unusual layout: then detection decides on every start).
     */
    private static boolean addLibraries(List<String> identities) {
        int before = identities.size();
        for (String[] paths : new String[][] {GLIBC, MUSL}) {
            for (String path : paths) {
                // a missing file has no identity and is passed over: one that appears changes the key
                addIdentity(identities, path);
            }
        }
        return identities.size() > before;
    }

    /** Adds {@code <path> <identity>}; false if the file has none. */
    private static boolean addIdentity(List<String> identities, String path) {
        String identity = identity(path);
        if (identity == null) {
            return false;
        }
        identities.add(path + " " + identity);
        return true;
    }

    /**
     * Size and modification time of the file a path leads to, or null if it is none: what the JDK's class data
     * sharing checks of its class path, read with {@code java.io} (an NIO attribute view and its classes cost a
     * fresh JVM more than all these files' {@code stat} calls). A jar replaced by a build or a package manager
     * gets another time.
     */
    static String identity(String path) {
        try {
            File f = new File(path);
            long modified = f.lastModified();
            return modified == 0L ? null : f.length() + ":" + modified;
        } catch (Exception e) {
            // a SecurityException (one type caught: see the class comment)
            return null;
        }
    }

    /**
     * Device, inode, size, modification and change time of the jar a library came from, or null: its size and
     * time alone do not tell a rebuilt jar of the same size from the old one when tools set the time (container
     * image builders set every file's, archives keep theirs), and nobody can set the change time. No spaces.
     */
    static String sourceIdentity(String path) {
        try {
            Map<String, Object> a = Files.readAttributes(Paths.get(path), "unix:dev,ino,size,lastModifiedTime,ctime");
            return a.get("dev") + ":" + a.get("ino") + ":" + a.get("size") + ":"
                    + ((FileTime) a.get("lastModifiedTime")).toMillis() + ":" + ((FileTime) a.get("ctime")).toMillis();
        } catch (Exception e) {
            // gone, or not a Unix file system (one type caught: see the class comment)
            return null;
        }
    }

    /** The loader's jar, or null when it is not a jar file (a directory of classes, an unusual class loader). */
    private static String codeLocation() {
        try {
            CodeSource source = StartRecord.class.getProtectionDomain().getCodeSource();
            URL location = source == null ? null : source.getLocation();
            if (location == null || !"file".equals(location.getProtocol())) {
                return null;
            }
            File code = new File(location.toURI());
            return code.isFile() ? code.getPath() : null;
        } catch (Exception e) {
            // a URL that is no file's (one type caught: see the class comment)
            return null;
        }
    }

    /** The record of a library in a root: one per library and program (class path and JVM). */
    Path file(Path root, String name) {
        // FNV-1a over the environment: different programs with the same library keep different records
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < environment.length(); i++) {
            hash ^= environment.charAt(i);
            hash *= 0x100000001b3L;
        }
        return root.resolve(".start-" + name + "-" + Long.toHexString(hash) + ".record");
    }

    /**
     * The record of {@code name} in {@code root} as read: this key with the sealed copy it names, if the record is
     * this process's, trusted, and its copy is still sealed and of the recorded size; else null (then the caller
     * takes the full way).
     */
    public StartRecord read(Path root, String name) {
        Path file = file(root, name);
        int me = CacheChecks.currentUid();
        Map<String, Object> r = CacheChecks.unixAttributes(root);
        Map<String, Object> f = CacheChecks.unixAttributes(file);
        if (me < 0 || r == null || f == null || !CacheChecks.ownDirectory(r, me)) {
            return null;
        }
        int mode = (Integer) f.get("mode");
        long length = (Long) f.get("size");
        if ((mode & CacheChecks.S_IFMT) != CacheChecks.S_IFREG
                || (mode & 0222) != 0
                || ((Integer) f.get("uid")) != me
                || length > MAX_SIZE) {
            return null;
        }
        byte[] bytes = readFile(file.toString(), (int) length);
        if (bytes == null) {
            return null;
        }
        List<String> fields = fields(new String(bytes, StandardCharsets.UTF_8));
        if (fields == null || !key().equals(value(fields, KEY)) || !sourcesUnchanged(fields)) {
            return null;
        }
        String recordedTriple = value(fields, TRIPLE);
        String sha256 = value(fields, SHA256);
        String fileName = value(fields, FILE_NAME);
        String size = value(fields, SIZE);
        String recordedExplanation = value(fields, EXPLANATION);
        if (recordedTriple == null
                || sha256 == null
                || !CacheChecks.isSha256(sha256)
                || fileName == null
                || size == null
                || !plainName(fileName)) {
            return null;
        }
        Path sealed;
        try {
            sealed = CacheChecks.sealedCopy(root, sha256, fileName, Long.parseLong(size));
        } catch (Exception e) {
            // damaged: a number that is none (one type caught: see the class comment)
            return null;
        }
        return sealed == null
                ? null
                : new StartRecord(
                        environment,
                        identities,
                        sealed,
                        file,
                        recordedTriple,
                        recordedExplanation == null ? "" : recordedExplanation);
    }

    /**
     * The jars the library and its properties came from, each still the very file the record saw; false for a
     * record that names none (the writer always names them).
     */
    private static boolean sourcesUnchanged(List<String> fields) {
        boolean any = false;
        for (int i = 0; i < fields.size(); i += 2) {
            if (fields.get(i).equals(SOURCE)) {
                // "<identity> <jar>": the identity holds no space
                String source = fields.get(i + 1);
                int space = source.indexOf(' ');
                if (space <= 0 || !source.substring(0, space).equals(sourceIdentity(source.substring(space + 1)))) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }

    private static boolean plainName(String fileName) {
        return !fileName.isEmpty() && fileName.indexOf('/') < 0 && !fileName.equals(".") && !fileName.equals("..");
    }

    /**
     * The fields of a record, as name, value, name, value...; null if it is not a whole record of this format. A
     * field is {@code <name> <length>\n<value>\n}, the length in {@code char}s: a value may hold anything, line
     * breaks too, and is taken as it is.
     */
    static List<String> fields(String text) {
        if (!text.startsWith(HEADER + "\n")) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        int at = HEADER.length() + 1;
        while (at < text.length()) {
            int space = text.indexOf(' ', at);
            int newline = text.indexOf('\n', at);
            if (space <= at || newline <= space) {
                return null;
            }
            int length = 0;
            for (int i = space + 1; i < newline; i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9' || length > MAX_SIZE) {
                    return null;
                }
                length = length * 10 + (c - '0');
            }
            int end = newline + 1 + length;
            if (space + 1 == newline || end >= text.length() || text.charAt(end) != '\n') {
                return null;
            }
            fields.add(text.substring(at, space));
            fields.add(text.substring(newline + 1, end));
            at = end + 1;
        }
        return fields;
    }

    /** The value of the first field of that name, or null. */
    static String value(List<String> fields, String name) {
        for (int i = 0; i < fields.size(); i += 2) {
            if (fields.get(i).equals(name)) {
                return fields.get(i + 1);
            }
        }
        return null;
    }

    /**
     * The bytes of a file of at most {@code max} bytes, or null if it cannot be read or is longer: {@code java.io},
     * whose classes every JVM has loaded before {@code main}.
     */
    static byte[] readFile(String path, int max) {
        try (FileInputStream in = new FileInputStream(path)) {
            byte[] buffer = new byte[max + 1];
            int length = 0;
            int read;
            while (length < buffer.length && (read = in.read(buffer, length, buffer.length - length)) > 0) {
                length += read;
            }
            if (length > max) {
                return null;
            }
            byte[] bytes = new byte[length];
            System.arraycopy(buffer, 0, bytes, 0, length);
            return bytes;
        } catch (Exception e) {
            // absent or unreadable (one type caught: see the class comment)
            return null;
        }
    }
}
