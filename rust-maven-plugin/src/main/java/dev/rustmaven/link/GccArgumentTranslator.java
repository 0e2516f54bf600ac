package dev.rustmaven.link;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Translates the arguments rustc (or anyone) gives a gcc-style linker driver into {@code ld.lld}
 * arguments. Response files must be expanded first ({@link ResponseFiles#expand}).
 *
 * <p>Every option is handled on purpose; the rest stops the link with a {@link LinkerArgumentException}:
 * <ul>
 *   <li>{@code -Wl,a,b} and {@code -Xlinker a} reach LLD as they are, split at the commas;
 *   <li>inputs (objects, rlibs, archives, shared objects, scripts), {@code -L}, {@code -l}, {@code -o},
 *       {@code -u}, {@code -e}, {@code -T}, {@code -z} and {@code --sysroot} keep their place;
 *   <li>{@code -shared}, {@code -pie}, {@code -no-pie}, {@code -static}, {@code -static-pie} choose the
 *       {@link OutputKind}: {@code -no-pie} needs no flag (LLD's default), {@code -static-pie} becomes
 *       {@code -static -pie --no-dynamic-linker -z text} as clang passes it;
 *   <li>{@code -rdynamic} becomes {@code --export-dynamic}, {@code -s} becomes {@code --strip-all},
 *       {@code -pthread} becomes {@code -lpthread} (what gcc adds for it when linking);
 *   <li>{@code -nostartfiles} and {@code -nostdlib} turn off the start files; {@code -nodefaultlibs},
 *       {@code -nolibc}, {@code -static-libgcc}, {@code -shared-libgcc} need nothing, because this front
 *       end never adds gcc's default libraries (rustc names every library it needs);
 *   <li>dropped, because the configuration decides what they would choose in gcc: {@code -m32},
 *       {@code -m64}, {@code -march=}, {@code -mcpu=}, {@code -mtune=}, {@code -mabi=},
 *       {@code -mfloat-abi=}, {@code -mfpu=}, {@code -mthumb}, {@code -marm} (emulation and search
 *       directories), {@code -fuse-ld=}, {@code -B} (this front end is the linker), {@code --target=} and
 *       {@code -target};
 *   <li>dropped, because they only affect compiling: {@code -fPIC}, {@code -fpic}, {@code -fPIE},
 *       {@code -fpie}, {@code -fno-*}, {@code -g*}, {@code -O*} (not {@code -Wl,-O1}, which LLD gets),
 *       and {@code -W*} other than {@code -Wl,} (warnings, assembler and preprocessor options);
 *   <li>{@code -v} asks the front end to print the LLD command line.
 * </ul>
 */
public final class GccArgumentTranslator {

    private GccArgumentTranslator() {}

    /**
     * Translates an expanded gcc-style command line (without the program name).
     *
     * @throws LinkerArgumentException listing every option that is not translated
     */
    public static GccLink translate(List<String> gccArguments) throws LinkerArgumentException {
        List<String> out = new ArrayList<>(gccArguments.size() + 8);
        List<String> unknown = new ArrayList<>();
        boolean shared = false;
        boolean pie = false;
        boolean isStatic = false;
        boolean staticPie = false;
        boolean exportDynamic = false;
        boolean startFiles = true;
        boolean verbose = false;
        String output = null;

        for (int i = 0; i < gccArguments.size(); i++) {
            String arg = gccArguments.get(i);
            if (arg.isEmpty() || arg.charAt(0) != '-' || arg.length() == 1) {
                if (arg.equals("-")) {
                    unknown.add(arg);
                } else {
                    out.add(arg);
                }
                continue;
            }
            switch (arg) {
                case "-shared" -> shared = true;
                case "-pie" -> pie = true;
                case "-no-pie", "-nopie" -> pie = false;
                case "-static" -> isStatic = true;
                case "-static-pie" -> staticPie = true;
                case "-rdynamic" -> exportDynamic = true;
                case "-s" -> out.add("--strip-all");
                case "-pthread" -> out.add("-lpthread");
                case "-nostartfiles" -> startFiles = false;
                case "-nostdlib" -> startFiles = false;
                case "-nodefaultlibs", "-nolibc", "-static-libgcc", "-shared-libgcc" -> {
                    // This front end never adds gcc's default libraries: nothing to turn off.
                }
                case "-v" -> verbose = true;
                case "-Xlinker" -> out.add(operand(gccArguments, ++i, arg));
                case "-o" -> {
                    output = operand(gccArguments, ++i, arg);
                    out.add("-o");
                    out.add(output);
                }
                case "-L", "-u", "-e", "-T", "-z" -> {
                    out.add(arg);
                    out.add(operand(gccArguments, ++i, arg));
                }
                case "-l" -> out.add("-l".concat(operand(gccArguments, ++i, arg)));
                case "-B", "-target" -> operand(gccArguments, ++i, arg);
                case "--sysroot" -> out.add("--sysroot=".concat(operand(gccArguments, ++i, arg)));
                default -> {
                    if (arg.startsWith("-Wl,")) {
                        for (String part : arg.substring(4).split(",")) {
                            if (!part.isEmpty()) {
                                out.add(part);
                            }
                        }
                    } else if (arg.startsWith("-o")) {
                        output = arg.substring(2);
                        out.add("-o");
                        out.add(output);
                    } else if (startsWithAny(arg, "-L", "-l", "-u", "-e", "-T", "-z", "--sysroot=")) {
                        out.add(arg);
                    } else if (!isDropped(arg)) {
                        unknown.add(arg);
                    }
                }
            }
        }
        if (!unknown.isEmpty()) {
            throw new LinkerArgumentException(
                    "the linker front end does not know how to translate "
                            + String.join(" ", unknown) + " for ld.lld; pass linker options as -C link-arg=-Wl,<option>"
                            + " or report the option to the rust-maven-plugin project",
                    unknown);
        }

        OutputKind kind;
        List<String> mode = new ArrayList<>(6);
        if (shared) {
            kind = OutputKind.SHARED_OBJECT;
            mode.add("-shared");
            if (isStatic) {
                mode.add("-static");
            }
        } else if (staticPie) {
            kind = OutputKind.STATIC_PIE_EXECUTABLE;
            mode.add("-static");
            mode.add("-pie");
            mode.add("--no-dynamic-linker");
            mode.add("-z");
            mode.add("text");
        } else if (isStatic) {
            kind = OutputKind.STATIC_EXECUTABLE;
            mode.add("-static");
        } else if (pie) {
            kind = OutputKind.PIE_EXECUTABLE;
            mode.add("-pie");
        } else {
            kind = OutputKind.EXECUTABLE;
        }
        if (exportDynamic) {
            mode.add("--export-dynamic");
        }
        return new GccLink(kind, mode, out, startFiles, verbose, Optional.ofNullable(output));
    }

    private static String operand(List<String> arguments, int index, String option) throws LinkerArgumentException {
        if (index >= arguments.size()) {
            throw new LinkerArgumentException(
                    "the linker option " + option + " needs a value but is the last" + " argument", List.of(option));
        }
        return arguments.get(index);
    }

    /** Options that have no meaning for LLD, or whose meaning the configuration supplies instead. */
    private static boolean isDropped(String arg) {
        return arg.equals("-m32")
                || arg.equals("-m64")
                || arg.equals("-mthumb")
                || arg.equals("-marm")
                || startsWithAny(arg, "-march=", "-mcpu=", "-mtune=", "-mabi=", "-mfloat-abi=", "-mfpu=")
                || arg.startsWith("-fuse-ld=")
                || arg.startsWith("-B")
                || arg.startsWith("--target=")
                || arg.equals("-fPIC")
                || arg.equals("-fpic")
                || arg.equals("-fPIE")
                || arg.equals("-fpie")
                || arg.startsWith("-fno-")
                || arg.startsWith("-g")
                || arg.startsWith("-O")
                || (arg.startsWith("-W") && !arg.startsWith("-Wl"));
    }

    private static boolean startsWithAny(String arg, String... prefixes) {
        for (String prefix : prefixes) {
            if (arg.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
