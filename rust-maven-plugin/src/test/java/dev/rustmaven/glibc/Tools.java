package dev.rustmaven.glibc;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Host tools the tests use (readelf, rustc, rust-lld, gcc): skipped loudly when missing, failing on CI. */
final class Tools {

    private Tools() {}

    /** The result of running a tool. */
    record Run(int exit, String out) {}

    static Run run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + command);
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    static String runOk(List<String> command) throws IOException, InterruptedException {
        Run r = run(command);
        if (r.exit() != 0) {
            throw new IOException(command + " exited with " + r.exit() + ":\n" + r.out());
        }
        return r.out();
    }

    /** Skips the calling test (fails it when CI=true) when {@code available} is false. */
    static void require(boolean available, String what) {
        if (!available) {
            String message = what + " is not available on this machine, so this test cannot run";
            if ("true".equals(System.getenv("CI"))) {
                fail(message + " (CI=true: the CI machine must have it)");
            }
            assumeTrue(false, message);
        }
    }

    static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    static void requireReadelf() {
        require(onPath("readelf"), "readelf (binutils)");
    }

    /** rustc on the PATH, or empty. */
    static String rustc() {
        return onPath("rustc") ? "rustc" : null;
    }

    /** The host's rust-lld inside rustc's sysroot. */
    static Path rustLld() throws IOException, InterruptedException {
        require(rustc() != null, "rustc");
        String sysroot = runOk(List.of("rustc", "--print", "sysroot")).trim();
        String host = runOk(List.of("rustc", "-vV"))
                .lines()
                .filter(l -> l.startsWith("host: "))
                .findFirst()
                .orElseThrow()
                .substring("host: ".length());
        Path lld = Path.of(sysroot, "lib", "rustlib", host, "bin", "rust-lld");
        require(Files.isExecutable(lld), "rust-lld (" + lld + ")");
        return lld;
    }

    /** The symbols of {@code readelf --dyn-syms -W}: name, version, whether default, type, size. */
    record DynSym(String name, String version, boolean defaultVersion, String type, long size) {}

    static List<DynSym> dynSyms(Path file) throws IOException, InterruptedException {
        List<DynSym> syms = new ArrayList<>();
        for (String line :
                runOk(List.of("readelf", "--dyn-syms", "-W", file.toString())).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 8 || !f[0].matches("\\d+:") || f[6].equals("UND")) {
                continue;
            }
            String name = f[7];
            boolean def = name.contains("@@");
            String[] parts = name.split("@@?", 2);
            long size = f[2].startsWith("0x") ? Long.parseLong(f[2].substring(2), 16) : Long.parseLong(f[2]);
            syms.add(new DynSym(parts[0], parts.length > 1 ? parts[1] : "", def, f[3], size));
        }
        return syms;
    }

    /** The names of the version definitions of {@code readelf -V}, base (soname) first. */
    static List<String> versionDefinitions(Path file) throws IOException, InterruptedException {
        List<String> names = new ArrayList<>();
        boolean inDefs = false;
        for (String line :
                runOk(List.of("readelf", "-V", "-W", file.toString())).split("\n")) {
            if (line.startsWith("Version definition section")) {
                inDefs = true;
            } else if (line.startsWith("Version ") && !line.startsWith("Version definition")) {
                inDefs = false;
            } else if (inDefs && line.contains("Name: ")) {
                names.add(line.substring(line.indexOf("Name: ") + 6).trim());
            }
        }
        return names;
    }

    /** The versions an output needs from glibc, from the {@code readelf -V} needs section. */
    static List<String> neededVersions(Path file) throws IOException, InterruptedException {
        List<String> names = new ArrayList<>();
        boolean inNeeds = false;
        for (String line :
                runOk(List.of("readelf", "-V", "-W", file.toString())).split("\n")) {
            if (line.startsWith("Version needs section")) {
                inNeeds = true;
            } else if (line.startsWith("Version ") && !line.startsWith("Version needs")) {
                inNeeds = false;
            } else if (inNeeds && line.contains("Name: ") && line.contains("Flags:")) {
                names.add(line.substring(line.indexOf("Name: ") + 6, line.indexOf("Flags:"))
                        .trim());
            }
        }
        return names;
    }
}
