package dev.rustmaven.distribution;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The root of a Rust distribution server (the official one or a mirror, over {@code http(s):} or
 * {@code file:}) and the URLs derived from it.
 *
 * @param root the server root without a trailing slash, e.g. {@code https://mirror.example/rust}
 */
public record DistServer(URI root) {

    /** Where the Rust project publishes its releases; also the prefix of every URL in its manifests. */
    public static final String OFFICIAL_ROOT = "https://static.rust-lang.org";

    /** The environment variable rustup reads for a mirror; honoured the same way here. */
    public static final String ENV_VARIABLE = "RUSTUP_DIST_SERVER";

    public DistServer {
        Objects.requireNonNull(root, "root");
        String scheme = root.getScheme() == null ? "" : root.getScheme().toLowerCase(Locale.ROOT);
        if (!root.isAbsolute() || !List.of("http", "https", "file").contains(scheme)) {
            throw new IllegalArgumentException(
                    "The Rust dist server must be an absolute http:, https: or file: URL," + " not '" + root + "'");
        }
        String text = root.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        root = URI.create(text);
    }

    /** The official server. */
    public static DistServer official() {
        return new DistServer(URI.create(OFFICIAL_ROOT));
    }

    /**
     * Picks the server the way the plugin documents it: the {@code parameter} when set, else the
     * {@code RUSTUP_DIST_SERVER} entry of {@code env} (as rustup does), else the official server. An absolute
     * file-system path is taken as a {@code file:} mirror.
     *
     * @param parameter the configured value, may be null or blank
     * @param env       the process environment (or a test's map)
     * @throws IllegalArgumentException naming where the bad value came from
     */
    public static DistServer resolve(String parameter, Map<String, String> env) {
        if (parameter != null && !parameter.isBlank()) {
            return parse(parameter.trim(), "the distServer parameter");
        }
        String fromEnv = env.get(ENV_VARIABLE);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return parse(fromEnv.trim(), "the environment variable " + ENV_VARIABLE);
        }
        return official();
    }

    private static DistServer parse(String value, String source) {
        try {
            if (value.startsWith("/")) {
                return new DistServer(Path.of(value).toUri());
            }
            return new DistServer(new URI(value));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "Bad Rust dist server '" + value + "' from " + source
                            + ": give an absolute http:, https: or file: URL such as " + OFFICIAL_ROOT,
                    e);
        }
    }

    /** Whether this is a local mirror on disk. */
    public boolean isFile() {
        return root.getScheme().equalsIgnoreCase("file");
    }

    /**
     * The manifests that may describe {@code compiler}, in the order to try them.
     *
     * <p>A stable release has its own manifest, {@code dist/channel-rust-<release>.toml}. Beta and nightly
     * builds only appear in dated manifests, {@code dist/<date>/channel-rust-<channel>.toml}. A nightly is
     * built from the last commit of one day and published under the <em>next</em> day's date, so its
     * manifest usually sits under its commit date plus one; when no merge happened for a day the date can
     * also equal the commit date. Both are returned (commit date first); the caller keeps the one whose
     * {@code pkg.rustc} version names the compiler's commit.
     *
     * @throws DistException when a beta or nightly compiler did not report its commit date
     */
    public List<URI> manifestCandidates(CompilerRelease compiler) throws DistException {
        if (compiler.channel() == Channel.STABLE) {
            return List.of(dist("channel-rust-" + compiler.release() + ".toml"));
        }
        LocalDate date;
        try {
            date = LocalDate.parse(compiler.commitDate());
        } catch (DateTimeParseException e) {
            throw new DistException(
                    DistException.Reason.NO_MANIFEST,
                    compiler.describe() + " is a "
                            + compiler.channel().manifestName() + " build without a commit date, so its dated manifest"
                            + " cannot be found. Use a rustup toolchain, whose rustc -vV reports commit-date.");
        }
        String file = "channel-rust-" + compiler.channel().manifestName() + ".toml";
        return List.of(dist(date + "/" + file), dist(date.plusDays(1) + "/" + file));
    }

    /** The URL of the checksum file published beside a manifest or archive. */
    public static URI checksumOf(URI file) {
        return URI.create(file + ".sha256");
    }

    /**
     * Maps a URL found in a manifest onto this server: the official prefix is swapped for {@link #root()}, as
     * rustup does with {@code RUSTUP_DIST_SERVER}. What comes out must lie under the root: same scheme, host
     * and port, a path below the root's without {@code .} or {@code ..} segments. So a manifest can send
     * downloads neither to a third host, nor from {@code https:} down to plain {@code http:}, nor (from a
     * server that is not on disk) to this machine's files, nor out of a {@code file:} mirror's directory.
     *
     * @throws DistException (MALFORMED) naming the URL, the server and the rule it breaks
     */
    public URI rewrite(String manifestUrl) throws DistException {
        String mapped = manifestUrl.startsWith(OFFICIAL_ROOT + "/")
                ? root + manifestUrl.substring(OFFICIAL_ROOT.length())
                : manifestUrl;
        URI url;
        try {
            url = new URI(mapped);
        } catch (URISyntaxException e) {
            throw outside(manifestUrl, "it is not a valid URL (" + e.getMessage() + ")");
        }
        String why = whyOutside(url);
        if (why != null) {
            throw outside(manifestUrl, why);
        }
        return url;
    }

    /** Why {@code url} is not under the root, or null when it is. */
    private String whyOutside(URI url) {
        if (!url.isAbsolute() || url.isOpaque()) {
            return "it is not an absolute URL";
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        String rootScheme = root.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals(rootScheme)) {
            if (scheme.equals("http") && rootScheme.equals("https")) {
                return "it is plain http: under an https: server, so anyone on the way could change what is"
                        + " downloaded";
            }
            if (scheme.equals("file")) {
                return "it is a file: URL, and a server that is not on disk must not name this machine's files";
            }
            return "its scheme " + scheme + ": is not the server's " + rootScheme + ":";
        }
        if (!Objects.equals(host(url), host(root))
                || port(url) != port(root)
                || !Objects.equals(url.getRawUserInfo(), root.getRawUserInfo())) {
            return "it points at " + url.getRawAuthority() + ", a host other than the configured server's";
        }
        String path = url.getPath() == null ? "" : url.getPath();
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return "its path has a '" + segment + "' segment";
            }
        }
        String rootPath = root.getPath() == null ? "" : root.getPath();
        if (!path.startsWith(rootPath + "/")) {
            return "its path is not under the server's " + (rootPath.isEmpty() ? "/" : rootPath);
        }
        if (isFile() && (url.getRawQuery() != null || url.getRawFragment() != null)) {
            return "a file: URL has no query or fragment";
        }
        return null;
    }

    private static String host(URI url) {
        String host = url.getHost() == null ? url.getRawAuthority() : url.getHost();
        // A file: URL with a host (file://localhost/srv) is refused: the JDK cannot open it as a path.
        return host == null ? null : host.toLowerCase(Locale.ROOT);
    }

    private static int port(URI url) {
        if (url.getPort() >= 0) {
            return url.getPort();
        }
        return switch (url.getScheme().toLowerCase(Locale.ROOT)) {
            case "http" -> 80;
            case "https" -> 443;
            default -> -1;
        };
    }

    private DistException outside(String manifestUrl, String why) {
        return new DistException(
                DistException.Reason.MALFORMED,
                "Refusing to download " + manifestUrl + ": it is not under the configured Rust dist server " + root
                        + ", because " + why + ". A server must serve every file of its manifests under its own"
                        + " root (URLs under " + OFFICIAL_ROOT + " are mapped onto it, as rustup does). Fix the"
                        + " mirror's manifest, or configure the server it points at as the dist server.");
    }

    private URI dist(String relative) {
        return URI.create(root + "/dist/" + relative);
    }
}
