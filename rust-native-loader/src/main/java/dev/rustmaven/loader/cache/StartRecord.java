package dev.rustmaven.loader.cache;

import dev.rustmaven.loader.platform.Auxv;
import dev.rustmaven.loader.platform.Host;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.HashMap;
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
 * may write, only if it is a regular file of that user that nobody may write; written into a private temporary
 * file, flushed to disk, made read-only and renamed into place. The copy it names is checked as every warm
 * load checks it ({@link CacheChecks#sealedCopy}): sealed, the recorded size, the user's own.
 */
public final class StartRecord {

    /** Changes whenever what is recorded, or how a load chooses, changes meaning. */
    private static final String FORMAT = "3";

    /** The auxiliary vector's hardware capability entries. */
    private static final long AT_HWCAP = 16;

    private static final long AT_HWCAP2 = 26;

    /** Bigger than any record: a larger file is not one. */
    private static final int MAX_SIZE = 256 * 1024;

    private static final String ENVIRONMENT = "environment";
    private static final String FILES = "files";
    private static final String FILE = "file.";
    private static final String TRIPLE = "triple";
    private static final String SHA256 = "sha256";
    private static final String FILE_NAME = "fileName";
    private static final String SIZE = "size";
    private static final String EXPLANATION = "explanation";

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

    /** What a record says to load: a sealed copy, its triple and how the earlier start chose it. */
    public static final class Remembered {
        private final Path file;
        private final Path record;
        private final String triple;
        private final String explanation;

        Remembered(Path file, Path record, String triple, String explanation) {
            this.file = file;
            this.record = record;
            this.triple = triple;
            this.explanation = explanation;
        }

        /** The sealed copy to load. */
        public Path file() {
            return file;
        }

        /** The record that named it. */
        public Path record() {
            return record;
        }

        /** The copy's Rust target triple. */
        public String triple() {
            return triple;
        }

        /** The explanation of the earlier start's load. */
        public String explanation() {
            return explanation;
        }
    }

    StartRecord(String environment, List<String> identities) {
        this.environment = environment;
        this.identities = identities;
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
        StringBuilder e = new StringBuilder("format=").append(FORMAT);
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
        byte[] boot = Host.system().readSmallFile("/proc/sys/kernel/random/boot_id");
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
            for (String entry : split(System.getProperty(property))) {
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
        byte[] auxv = Host.system().readSmallFile("/proc/self/auxv");
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

    /** The entries of a path list; none for null or empty. */
    private static List<String> split(String paths) {
        List<String> entries = new ArrayList<>();
        if (paths == null) {
            return entries;
        }
        int start = 0;
        while (start <= paths.length()) {
            int end = paths.indexOf(File.pathSeparatorChar, start);
            if (end < 0) {
                end = paths.length();
            }
            if (end > start) {
                entries.add(paths.substring(start, end));
            }
            start = end + 1;
        }
        return entries;
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
        } catch (SecurityException e) {
            return null;
        }
    }

    /**
     * Device, inode, size, modification and change time of the jar a library came from, or null: its size and
     * time alone do not tell a rebuilt jar of the same size from the old one when tools set the time (container
     * image builders set every file's, archives keep theirs), and nobody can set the change time.
     */
    static String sourceIdentity(String path) {
        try {
            Map<String, Object> a = Files.readAttributes(Paths.get(path), "unix:dev,ino,size,lastModifiedTime,ctime");
            return "source " + a.get("dev") + ":" + a.get("ino") + ":" + a.get("size") + ":"
                    + ((FileTime) a.get("lastModifiedTime")).toMillis() + ":" + ((FileTime) a.get("ctime")).toMillis();
        } catch (IOException | RuntimeException e) {
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
        } catch (URISyntaxException | RuntimeException e) {
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
     * What the record of {@code name} in {@code root} says to load, if it is this process's, trusted, and its
     * copy is still sealed and of the recorded size; else null (then the caller takes the full way).
     */
    public Remembered read(Path root, String name) {
        Path file = file(root, name);
        int me = CacheChecks.currentUid();
        Map<String, Object> r = CacheChecks.unixAttributes(root);
        Map<String, Object> f = CacheChecks.unixAttributes(file);
        if (me < 0 || r == null || f == null || !CacheChecks.ownDirectory(r, me)) {
            return null;
        }
        int mode = (Integer) f.get("mode");
        if ((mode & CacheChecks.S_IFMT) != CacheChecks.S_IFREG
                || (mode & 0222) != 0
                || ((Integer) f.get("uid")) != me
                || ((Long) f.get("size")) > MAX_SIZE) {
            return null;
        }
        byte[] bytes = Host.system().readSmallFile(file.toString());
        if (bytes == null) {
            return null;
        }
        Map<String, String> p = parse(new String(bytes, StandardCharsets.UTF_8));
        if (p == null) {
            return null;
        }
        if (!environment.equals(p.get(ENVIRONMENT)) || !identitiesMatch(p)) {
            return null;
        }
        String triple = p.get(TRIPLE);
        String sha256 = p.get(SHA256);
        String fileName = p.get(FILE_NAME);
        String size = p.get(SIZE);
        if (triple == null
                || sha256 == null
                || !CacheChecks.isSha256(sha256)
                || fileName == null
                || size == null
                || !plainName(fileName)) {
            return null;
        }
        Path copy;
        try {
            copy = CacheChecks.sealedCopy(root, sha256, fileName, Long.parseLong(size));
        } catch (RuntimeException e) {
            // damaged: a number that is none, a sha256 that is no file name
            return null;
        }
        String explanation = p.get(EXPLANATION);
        return copy == null ? null : new Remembered(copy, file, triple, explanation == null ? "" : explanation);
    }

    /** This process's identities first, then the recorded ones of the jars the library came from, all unchanged. */
    private boolean identitiesMatch(Map<String, String> p) {
        int count;
        try {
            count = Integer.parseInt(p.containsKey(FILES) ? p.get(FILES) : "-1");
        } catch (NumberFormatException e) {
            return false;
        }
        if (count < identities.size()) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            String recorded = p.get(FILE + i);
            if (recorded == null) {
                return false;
            }
            if (i < identities.size()) {
                if (!recorded.equals(identities.get(i))) {
                    return false;
                }
            } else {
                int space = recorded.lastIndexOf(" source ");
                if (space <= 0 || !recorded.substring(space + 1).equals(sourceIdentity(recorded.substring(0, space)))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean plainName(String fileName) {
        return !fileName.isEmpty() && fileName.indexOf('/') < 0 && !fileName.equals(".") && !fileName.equals("..");
    }

    /**
     * Records a load from the class path through the cache: best effort, a record that cannot be written means
     * the full way on the next start.
     *
     * @param copy the loaded copy, {@code <root>/<sha256>/<file name>}
     * @param sources the jars the library and its properties were found in ({@code jar:file:} URLs); any other
     *     kind of URL means no record
     * @param explanation how the load chose the copy, shown again by a start that uses the record
     */
    public void write(String name, String triple, Path copy, List<URL> sources, String explanation) {
        Path dir = copy.getParent();
        Path root = dir == null ? null : dir.getParent();
        int me = CacheChecks.currentUid();
        Map<String, Object> r = root == null ? null : CacheChecks.unixAttributes(root);
        if (me < 0 || r == null || !CacheChecks.ownDirectory(r, me)) {
            return;
        }
        List<String> all = new ArrayList<>(identities);
        for (URL source : sources) {
            String jar = jarFile(source);
            String identity = jar == null ? null : sourceIdentity(jar);
            if (identity == null) {
                return;
            }
            all.add(jar + " " + identity);
        }
        long size;
        try {
            size = Files.size(copy);
        } catch (IOException e) {
            return;
        }
        StringBuilder text = new StringBuilder("# rust-native-loader: what a start of this program loaded\n");
        line(text, ENVIRONMENT, environment);
        line(text, FILES, Integer.toString(all.size()));
        for (int i = 0; i < all.size(); i++) {
            line(text, FILE + i, all.get(i));
        }
        line(text, TRIPLE, triple);
        line(text, SHA256, dir.getFileName().toString());
        line(text, FILE_NAME, copy.getFileName().toString());
        line(text, SIZE, Long.toString(size));
        line(text, EXPLANATION, explanation);
        if (text.length() > MAX_SIZE) {
            // thousands of jars: a record no start would read
            return;
        }
        Path file = file(root, name);
        Path temp = null;
        try {
            temp = LibraryCache.createUnique(root, ".start-", ".tmp", false);
            try (FileOutputStream out = new FileOutputStream(temp.toFile())) {
                out.write(text.toString().getBytes(StandardCharsets.UTF_8));
                out.getFD().sync();
            }
            Files.setPosixFilePermissions(temp, LibraryCache.readOnly());
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // no atomic rename: no record, rather than one a reader could see half-written
                return;
            }
            temp = null;
        } catch (IOException | RuntimeException e) {
            // the full way again next time
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    // a leftover temporary file in the user's own cache
                }
            }
        }
    }

    /** The jar file of a {@code jar:file:...!/entry} URL, or null. */
    private static String jarFile(URL url) {
        if (!"jar".equals(url.getProtocol())) {
            return null;
        }
        String spec = url.getPath();
        int bang = spec.indexOf("!/");
        if (bang < 0) {
            return null;
        }
        try {
            URL jar = new URL(spec.substring(0, bang));
            if (!"file".equals(jar.getProtocol())) {
                return null;
            }
            File file = new File(jar.toURI());
            return file.isFile() ? file.getPath() : null;
        } catch (IOException | URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * One {@code name=value} line; in the value a backslash, a line feed and a carriage return are escaped
     * ({@code \\}, {@code \n}, {@code \r}). Not {@code Properties}: loading it is milliseconds of a fresh
     * JVM, and storing writes a date whose formatting loads a hundred classes.
     */
    static void line(StringBuilder text, String name, String value) {
        text.append(name).append('=');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                text.append("\\\\");
            } else if (c == '\n') {
                text.append("\\n");
            } else if (c == '\r') {
                text.append("\\r");
            } else {
                text.append(c);
            }
        }
        text.append('\n');
    }

    /** The lines {@link #line} writes, by name; null if one is not such a line (then the record is damaged). */
    static Map<String, String> parse(String text) {
        Map<String, String> values = new HashMap<>();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            if (text.charAt(start) != '#' && end > start) {
                int equals = text.indexOf('=', start);
                if (equals < 0 || equals > end) {
                    return null;
                }
                StringBuilder value = new StringBuilder(end - equals);
                for (int i = equals + 1; i < end; i++) {
                    char c = text.charAt(i);
                    if (c == '\\') {
                        char next = ++i < end ? text.charAt(i) : 0;
                        if (next == 'n') {
                            value.append('\n');
                        } else if (next == 'r') {
                            value.append('\r');
                        } else if (next == '\\') {
                            value.append('\\');
                        } else {
                            return null;
                        }
                    } else {
                        value.append(c);
                    }
                }
                values.put(text.substring(start, equals), value.toString());
            }
            start = end + 1;
        }
        return values;
    }
}
