package dev.rustmaven.loader.cache;

import java.io.File;
import java.io.FileInputStream;
import java.net.URL;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an earlier start of the same program loaded, remembered in the cache so that the next start loads the
 * same sealed copy without working the choice out again: without the platform's detection, the class path
 * lookup of the library and its properties, and the checks of its ELF headers. Those cost a fresh JVM tens of
 * milliseconds (loading and running their code in the interpreter); a start with a record checks about a dozen
 * files' {@code stat} and loads the copy.
 *
 * <p>A record holds for exactly the process that could have written it, as the JDK's class data sharing
 * trusts its archive by the sizes and times of the class path: the JVM ({@code java.home}, {@code
 * java.vm.version}, {@code os.name}, {@code os.arch}, {@code sun.arch.abi}), the class path ({@code
 * java.class.path}, the extension and boot class paths; the working directory if an entry is relative), the
 * kernel's boot ({@code
 * /proc/sys/kernel/random/boot_id}: a CPU cannot change without a reboot), and the size and modification time
 * of {@code /proc/self/exe}, of {@code libjvm.so}, of this architecture's C libraries at their usual places, of the loader's own
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
 * checked as every warm load checks it ({@link #sealedCopy}): sealed, the recorded size, the user's
 * own.
 *
 * <p>A start with a record pays for every class it loads (a fresh JVM finds each in the jars of the class path,
 * then parses, verifies and runs it in the interpreter: a quarter of a millisecond for a small one, more for a big
 * one) and for every exception type it catches (loaded to verify the catching class). So the reading side is this
 * one class, besides {@code NativeLoader} and its result {@code LoadedLibrary}: it holds the checks of the cache
 * that such a start makes (which {@link LibraryCache} makes too) and the cache roots of the running JVM (which
 * {@link CacheRoots} gives with a {@code Host}). It uses what a fresh JVM has loaded already where the JDK offers
 * a choice: {@code java.io} for sizes and times, {@code /proc/self/environ} rather than the JDK's copy of the
 * environment, no {@code StandardCharsets}, small reads; NIO only where {@code java.io} cannot tell (owners and
 * modes, inode and change time); and {@code catch (Exception e)} where anything going wrong only means the full
 * way. The record is a list of length-prefixed fields, so that reading it needs no unescaping of every character.
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
     * Where the C library of each architecture is, as {@code <os.arch> <path> <path>...}: glibc's {@code libc.so.6}
     * in the multiarch directory, musl's loader-and-libc, and glibc's plain places every architecture shares (on
     * merged-usr systems /lib leads to /usr/lib). A start looks only at its own architecture's: another
     * architecture's C library is never mapped into this JVM, and each place is a {@code stat} or two on every start.
     */
    private static final String[] LIBC_PLACES = {
        "amd64 /lib/x86_64-linux-gnu/libc.so.6 /lib/ld-musl-x86_64.so.1",
        "x86_64 /lib/x86_64-linux-gnu/libc.so.6 /lib/ld-musl-x86_64.so.1",
        "aarch64 /lib/aarch64-linux-gnu/libc.so.6 /lib/ld-musl-aarch64.so.1",
        "arm /lib/arm-linux-gnueabihf/libc.so.6 /lib/arm-linux-gnueabi/libc.so.6 /lib/ld-musl-armhf.so.1"
                + " /lib/ld-musl-arm.so.1",
        "x86 /lib/i386-linux-gnu/libc.so.6 /lib/ld-musl-i386.so.1",
        "i386 /lib/i386-linux-gnu/libc.so.6 /lib/ld-musl-i386.so.1",
        "riscv64 /lib/riscv64-linux-gnu/libc.so.6 /lib/ld-musl-riscv64.so.1",
        "ppc64le /lib/powerpc64le-linux-gnu/libc.so.6",
        "s390x /lib/s390x-linux-gnu/libc.so.6",
        "loongarch64 /lib/loongarch64-linux-gnu/libc.so.6"
    };

    private static final String SHARED_LIBC_PLACES = "/lib64/libc.so.6 /lib/libc.so.6 /usr/lib/libc.so.6";

    /** {@code st_mode}: the file type bits, a regular file, a directory. */
    static final int S_IFMT = 0170000;

    static final int S_IFREG = 0100000;
    static final int S_IFDIR = 0040000;

    private static final int UNKNOWN_UID = -2;

    /** This process's user id once {@link #currentUid} has looked: -1 if unknown. */
    private static volatile int myUid = UNKNOWN_UID;

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
        e.append("\nboot=").append(latin1(boot).trim());
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
        if (!addIdentity(identities, "/proc/self/exe") || !addLibraries(identities, arch == null ? "" : arch)) {
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
        for (String entry : split(classPath == null ? "" : classPath, File.pathSeparatorChar)) {
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
            for (String entry : split(paths == null ? "" : paths, File.pathSeparatorChar)) {
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
        return hardwareCapabilities(auxv, is32Bit ? 4 : 8, ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * {@code <AT_HWCAP>,<AT_HWCAP2>} of an auxiliary vector ({@code (type, value)} words up to AT_NULL), {@code null}
     * for one it does not hold. Read here rather than with the detection's {@code Auxv}: that would be one more
     * class for every start on ARM, where starts are slowest.
     */
    static String hardwareCapabilities(byte[] auxv, int wordSize, boolean littleEndian) {
        Long hwcap = null;
        Long hwcap2 = null;
        for (int at = 0; at + 2 * wordSize <= auxv.length; at += 2 * wordSize) {
            long type = word(auxv, at, wordSize, littleEndian);
            if (type == 0) {
                break;
            }
            if (type == AT_HWCAP) {
                hwcap = word(auxv, at + wordSize, wordSize, littleEndian);
            } else if (type == AT_HWCAP2) {
                hwcap2 = word(auxv, at + wordSize, wordSize, littleEndian);
            }
        }
        return hwcap + "," + hwcap2;
    }

    /** The unsigned word of {@code size} bytes at {@code at}. */
    private static long word(byte[] bytes, int at, int size, boolean littleEndian) {
        long value = 0;
        for (int i = 0; i < size; i++) {
            int shift = littleEndian ? 8 * i : 8 * (size - 1 - i);
            value |= (long) (bytes[at + i] & 0xff) << shift;
        }
        return value;
    }

    /** Every entry of a list, empty ones too: {@code ""} is one empty entry. */
    private static List<String> split(String paths, char separator) {
        List<String> entries = new ArrayList<>();
        int start = 0;
        while (true) {
            int end = paths.indexOf(separator, start);
            entries.add(paths.substring(start, end < 0 ? paths.length() : end));
            if (end < 0) {
                return entries;
            }
            start = end + 1;
        }
    }

    /**
     * The C libraries of this architecture at their usual places, with their identities: what the glibc version of
     * a detection depends on. Looking at each place costs less than reading {@code /proc/self/maps}; an upgrade
     * replaces the file. False if there is none (an unusual layout: then detection decides on every start).
     *
     * @param arch {@code os.arch}; one without an entry in {@link #LIBC_PLACES}, or one whose places hold no file,
     *     looks at every place
     */
    private static boolean addLibraries(List<String> identities, String arch) {
        int before = identities.size();
        for (String path : libcPlaces(arch)) {
            // a missing file has no identity and is passed over: one that appears changes the key
            addIdentity(identities, path);
        }
        if (identities.size() == before) {
            // None at this architecture's places: an unusual layout, or an emulator whose stat does not look in
            // its root (qemu-user with -L: a Pi's JVM emulated on a PC sees the PC's C library). Every place, then.
            for (String path : libcPlaces("")) {
                addIdentity(identities, path);
            }
        }
        return identities.size() > before;
    }

    /** The places {@link #addLibraries} looks at for an {@code os.arch}. */
    static List<String> libcPlaces(String arch) {
        List<String> every = split(SHARED_LIBC_PLACES, ' ');
        for (String entry : LIBC_PLACES) {
            List<String> words = split(entry, ' ');
            if (words.get(0).equals(arch)) {
                List<String> own = split(SHARED_LIBC_PLACES, ' ');
                for (int i = 1; i < words.size(); i++) {
                    own.add(words.get(i));
                }
                return own;
            }
            for (int i = 1; i < words.size(); i++) {
                if (!every.contains(words.get(i))) {
                    every.add(words.get(i));
                }
            }
        }
        return every;
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

    /**
     * The cache roots of the running JVM on Linux when none is chosen, as {@link CacheRoots#inOrder} gives them
     * with a {@code Host} of the system, read without one (for a start with a record: fewer classes to load).
     *
     * @throws SecurityException if a property or the environment may not be read
     */
    public static List<Path> roots() {
        return roots(
                null,
                null,
                linuxUserCache(environment("XDG_CACHE_HOME"), System.getProperty("user.home")),
                System.getProperty("java.io.tmpdir"),
                System.getProperty("user.name"));
    }

    /**
     * The cache roots in {@link CacheRoots}' order, absolute and without duplicates.
     *
     * @param user the operating system's per-user cache directory, or null
     * @param tmp {@code java.io.tmpdir}, or null
     * @param who {@code user.name}, or null
     */
    static List<Path> roots(Path chosen, String configured, Path user, String tmp, String who) {
        List<Path> roots = new ArrayList<>(4);
        if (chosen != null) {
            addNew(roots, chosen.toAbsolutePath());
        }
        if (configured != null && !configured.isEmpty()) {
            addNew(roots, Paths.get(configured).toAbsolutePath());
        }
        if (user != null) {
            addNew(roots, user);
        }
        if (tmp != null && !tmp.isEmpty()) {
            // tmpdir is shared by every user: a per-user name keeps one user's directory out of another's way.
            String suffix = who == null ? "" : "-" + safeName(who);
            addNew(roots, Paths.get(tmp, "rust-native-loader" + suffix).toAbsolutePath());
        }
        return roots;
    }

    /** Adds {@code root} unless it is there (a list, not a LinkedHashSet: one class less to load at start). */
    private static void addNew(List<Path> roots, Path root) {
        if (!roots.contains(root)) {
            roots.add(root);
        }
    }

    /** The user name with every character but {@code A-Z a-z 0-9 . _ -} replaced by {@code _}, one per code point (by hand: no regex). */
    private static String safeName(String who) {
        StringBuilder s = new StringBuilder(who.length());
        for (int i = 0; i < who.length(); i += Character.charCount(who.codePointAt(i))) {
            int c = who.codePointAt(i);
            boolean kept = c >= 'A' && c <= 'Z'
                    || c >= 'a' && c <= 'z'
                    || c >= '0' && c <= '9'
                    || c == '.'
                    || c == '_'
                    || c == '-';
            s.appendCodePoint(kept ? c : '_');
        }
        return s.toString();
    }

    /** {@code $XDG_CACHE_HOME/rust-native-loader}, else {@code ~/.cache/rust-native-loader}; null without either. */
    static Path linuxUserCache(String xdg, String home) {
        // The XDG base directory spec says to ignore a relative XDG_CACHE_HOME.
        if (xdg != null && xdg.startsWith("/")) {
            return Paths.get(xdg, "rust-native-loader");
        }
        return home == null ? null : Paths.get(home, ".cache", "rust-native-loader");
    }

    /**
     * An environment variable of this process, as it started ({@code /proc/self/environ}); {@link System#getenv}
     * when that cannot be read or the value is not ASCII. The JDK's first {@code getenv} copies the whole
     * environment into maps, which costs a fresh JVM more than this start's other work on the cache roots. The two
     * differ where native code changed the environment after the process started and before the JDK's first
     * {@code getenv}: a program that embeds the JVM and sets {@code XDG_CACHE_HOME} before creating it (the full way
     * then writes its record where this start does not look, and such a program takes the full way every time).
     * That costs speed only: the roots decide where a start looks for its record, which is checked whichever root
     * it is in. Like {@code getenv}, the first of two entries of a name counts.
     */
    static String environment(String name) {
        byte[] environ = readFile("/proc/self/environ", MAX_SIZE);
        if (environ == null) {
            return System.getenv(name);
        }
        byte[] value = variable(environ, name);
        if (value == null) {
            return null;
        }
        for (byte b : value) {
            if (b < 0) {
                // beyond ASCII: decoded as the JDK decodes it
                return System.getenv(name);
            }
        }
        return latin1(value);
    }

    /** The value of {@code name} in an environment block ({@code NAME=value}, each ended by a NUL), or null. */
    static byte[] variable(byte[] environ, String name) {
        int start = 0;
        while (start < environ.length) {
            int end = start;
            while (end < environ.length && environ[end] != 0) {
                end++;
            }
            if (isVariable(environ, start, end, name)) {
                byte[] value = new byte[end - start - name.length() - 1];
                System.arraycopy(environ, start + name.length() + 1, value, 0, value.length);
                return value;
            }
            start = end + 1;
        }
        return null;
    }

    /** Whether {@code bytes[start, end)} is {@code <name>=...}. */
    private static boolean isVariable(byte[] bytes, int start, int end, String name) {
        int length = name.length();
        if (end - start <= length || bytes[start + length] != '=') {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (bytes[start + i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The loader's jar, or null when it is not a jar file (a directory of classes, an unusual class loader). */
    private static String codeLocation() {
        try {
            CodeSource source = StartRecord.class.getProtectionDomain().getCodeSource();
            URL location = source == null ? null : source.getLocation();
            if (location == null || !"file".equals(location.getProtocol())) {
                return null;
            }
            // a file URL's path is the file's unless it has escapes (a space, say): then the JDK's URI decodes it
            String path = location.getPath();
            File code = path.indexOf('%') < 0 ? new File(path) : new File(location.toURI());
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
        int me = currentUid();
        Map<String, Object> r = me < 0 ? null : unixAttributes(root);
        if (r == null || !ownDirectory(r, me)) {
            return null;
        }
        Path file = file(root, name);
        Map<String, Object> f = unixAttributes(file);
        if (f == null) {
            return null;
        }
        int mode = (Integer) f.get("mode");
        long length = (Long) f.get("size");
        if ((mode & S_IFMT) != S_IFREG || (mode & 0222) != 0 || ((Integer) f.get("uid")) != me || length > MAX_SIZE) {
            return null;
        }
        byte[] bytes = readFile(file.toString(), (int) length);
        if (bytes == null) {
            return null;
        }
        String text;
        try {
            // by name: StandardCharsets.UTF_8 would initialize that class and its five other charsets
            text = new String(bytes, "UTF-8");
        } catch (Exception e) {
            // UTF-8 is always there (one type caught: see the class comment)
            return null;
        }
        List<String> fields = fields(text);
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
                || !isSha256(sha256)
                || fileName == null
                || size == null
                || !plainName(fileName)) {
            return null;
        }
        Path sealed;
        try {
            sealed = sealedCopy(root, r, me, sha256, fileName, Long.parseLong(size));
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

    /** Bytes as ISO-8859-1 text, by hand: a charset costs a start its classes. */
    private static String latin1(byte[] bytes) {
        char[] chars = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            chars[i] = (char) (bytes[i] & 0xff);
        }
        return new String(chars);
    }

    /**
     * The bytes of a file of at most {@code max} bytes, or null if it cannot be read or is longer: {@code java.io},
     * whose classes every JVM has loaded before {@code main}.
     */
    static byte[] readFile(String path, int max) {
        try (FileInputStream in = new FileInputStream(path)) {
            // Small reads: the JDK reads more than 8 KiB at once through a buffer it allocates for the call, and a
            // big one costs a fresh JVM a millisecond in page faults. A file of /proc tells no size: read to the end.
            byte[] buffer = new byte[Math.min(max + 1, 8192)];
            int length = 0;
            int read;
            while ((read = in.read(buffer, length, Math.min(buffer.length - length, 8192))) > 0) {
                length += read;
                if (length > max) {
                    return null;
                }
                if (length == buffer.length) {
                    byte[] bigger = new byte[Math.min(max + 1, buffer.length * 2)];
                    System.arraycopy(buffer, 0, bigger, 0, length);
                    buffer = bigger;
                }
            }
            byte[] bytes = new byte[length];
            System.arraycopy(buffer, 0, bytes, 0, length);
            return bytes;
        } catch (Exception e) {
            // absent or unreadable (one type caught: see the class comment)
            return null;
        }
    }

    /**
     * {@code <root>/<sha256>/<fileName>} if it is sealed, of {@code size} bytes, and it, its directory and the
     * root are the current user's and writable by nobody else; else null. Nothing is created, opened or read:
     * three {@code lstat} calls and one {@code stat} of {@code /proc/self}, which tells the current user without
     * a probe. Null without a size or off Linux.
     */
    public static Path sealedCopy(Path root, String sha256, String fileName, long size) {
        int me = currentUid();
        Map<String, Object> r = me < 0 ? null : unixAttributes(root);
        return r == null ? null : sealedCopy(root, r, me, sha256, fileName, size);
    }

    /** {@link #sealedCopy(Path, String, String, long)} with the root's attributes read already and the user known. */
    private static Path sealedCopy(
            Path root, Map<String, Object> rootAttributes, int me, String sha256, String fileName, long size) {
        if (size < 0 || !ownDirectory(rootAttributes, me)) {
            return null;
        }
        Path dir = root.resolve(sha256.toLowerCase(Locale.ROOT));
        Path file = dir.resolve(fileName);
        Map<String, Object> d = unixAttributes(dir);
        Map<String, Object> f = d == null ? null : unixAttributes(file);
        return f != null && ownDirectory(d, me) && ((Integer) f.get("uid")) == me && sealed(f, size) ? file : null;
    }

    /** A regular file of {@code size} bytes that nobody may write: what the cache leaves behind. */
    static boolean sealed(Map<String, Object> a, long size) {
        int mode = (Integer) a.get("mode");
        return (mode & S_IFMT) == S_IFREG && (mode & 0222) == 0 && ((Long) a.get("size")) == size;
    }

    /** A directory of the user that nobody else may write. */
    static boolean ownDirectory(Map<String, Object> a, int me) {
        int mode = (Integer) a.get("mode");
        return (mode & S_IFMT) == S_IFDIR && (mode & 0022) == 0 && ((Integer) a.get("uid")) == me;
    }

    /** The {@code unix} attributes mode, uid and size of a path, not following a link; null if unknown. */
    static Map<String, Object> unixAttributes(Path path) {
        try {
            return Files.readAttributes(path, "unix:mode,uid,size", LinkOption.NOFOLLOW_LINKS);
        } catch (Exception e) {
            // I/O, no unix view, an odd path, a SecurityException: unknown (one type caught: see the class comment)
            return null;
        }
    }

    /**
     * The user id of this process, from the owner of {@code /proc/self} (Linux), or -1. A process that may
     * not be traced shows root there: then nothing but root's own directories match, and those are safe.
     */
    static int currentUid() {
        int uid = myUid;
        if (uid == UNKNOWN_UID) {
            uid = -1;
            try {
                Object owner = Files.getAttribute(Paths.get("/proc/self"), "unix:uid");
                if (owner instanceof Integer) {
                    uid = (Integer) owner;
                }
            } catch (Exception e) {
                // one type caught, as above
                if (e instanceof SecurityException) {
                    // not for good: code with more permissions may ask later
                    return -1;
                }
                // not Linux: the full way finds the user with a probe
            }
            myUid = uid;
        }
        return uid;
    }

    /**
     * True for 64 lower-case hex digits, as the cache names its directories (nothing a path could climb out
     * with); by hand, as a regex would be compiled on every start.
     */
    public static boolean isSha256(String text) {
        if (text.length() != 64) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** The JVM-wide monitor of a key (no lambda: see {@code NativeLoader}). */
    public static Object monitor(ConcurrentHashMap<Object, Object> monitors, Object key) {
        Object lock = monitors.get(key);
        if (lock == null) {
            Object fresh = new Object();
            lock = monitors.putIfAbsent(key, fresh);
            if (lock == null) {
                lock = fresh;
            }
        }
        return lock;
    }
}
