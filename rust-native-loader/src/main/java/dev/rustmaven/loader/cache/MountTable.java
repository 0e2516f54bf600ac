package dev.rustmaven.loader.cache;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The mounts of {@code /proc/self/mountinfo}, to tell whether a directory sits on a file system
 * mounted {@code noexec} (where the dynamic loader cannot map code: dlopen fails with "failed to
 * map segment from shared object").
 */
public final class MountTable {

    private final List<Mount> mounts;

    private MountTable(List<Mount> mounts) {
        this.mounts = Collections.unmodifiableList(mounts);
    }

    /** One mount: where it is and its per-mount options (field 6 of mountinfo). */
    public static final class Mount {
        private final String mountPoint;
        private final Set<String> options;

        Mount(String mountPoint, Set<String> options) {
            this.mountPoint = mountPoint;
            this.options = Collections.unmodifiableSet(options);
        }

        public String mountPoint() {
            return mountPoint;
        }

        public Set<String> options() {
            return options;
        }

        /** True if code cannot be mapped from this mount. */
        public boolean isNoExec() {
            return options.contains("noexec");
        }

        @Override
        public String toString() {
            return mountPoint + " " + String.join(",", options);
        }
    }

    /** Parses mountinfo text (see proc(5)); malformed lines are skipped. */
    public static MountTable parse(String mountinfo) {
        List<Mount> out = new ArrayList<>();
        for (String line : mountinfo.split("\n")) {
            String[] fields = line.trim().split(" ");
            if (fields.length < 6) {
                continue;
            }
            out.add(new Mount(unescape(fields[4]), new HashSet<>(Arrays.asList(fields[5].split(",")))));
        }
        return new MountTable(out);
    }

    /** The mount a canonical absolute path lives on (the last, i.e. topmost, of the longest matches), or null. */
    public Mount mountOf(String absolutePath) {
        Mount best = null;
        for (Mount m : mounts) {
            if (contains(m.mountPoint, absolutePath)
                    && (best == null || m.mountPoint.length() >= best.mountPoint.length())) {
                best = m;
            }
        }
        return best;
    }

    private static boolean contains(String mountPoint, String path) {
        if (mountPoint.equals("/")) {
            return path.startsWith("/");
        }
        return path.equals(mountPoint) || path.startsWith(mountPoint + "/");
    }

    /** mountinfo writes space, tab, newline and backslash as three-digit octal escapes. */
    private static String unescape(String field) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = field.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\\' && isOctal(b, i + 1)) {
                out.write((b[i + 1] - '0') * 64 + (b[i + 2] - '0') * 8 + (b[i + 3] - '0'));
                i += 3;
            } else {
                out.write(b[i]);
            }
        }
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    private static boolean isOctal(byte[] b, int from) {
        if (from + 3 > b.length) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (b[i] < '0' || b[i] > '7') {
                return false;
            }
        }
        return true;
    }
}
