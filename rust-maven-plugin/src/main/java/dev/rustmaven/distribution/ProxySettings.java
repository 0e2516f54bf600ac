package dev.rustmaven.distribution;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An HTTP proxy to reach the dist server through, as a plain value (the Mojo converts Maven's settings).
 *
 * @param protocol      the URL scheme this proxy serves, {@code http} or {@code https}; blank means both
 * @param host          the proxy's host name
 * @param port          the proxy's port
 * @param username      user for the proxy, blank for none
 * @param password      that user's password, blank for none
 * @param nonProxyHosts hosts to reach directly, separated by {@code |} or {@code ,}, {@code *} as wildcard,
 *                      e.g. {@code localhost|*.internal.example}; blank for none
 */
public record ProxySettings(
        String protocol, String host, int port, String username, String password, String nonProxyHosts) {

    public ProxySettings {
        protocol = protocol == null ? "" : protocol.trim().toLowerCase(Locale.ROOT);
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("A proxy needs a host");
        }
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("Proxy port out of range: " + port);
        }
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        nonProxyHosts = nonProxyHosts == null ? "" : nonProxyHosts.trim();
    }

    /** An unauthenticated proxy for both http and https URLs. */
    public static ProxySettings of(String host, int port) {
        return new ProxySettings("", host, port, "", "", "");
    }

    /** Whether the proxy wants credentials. */
    public boolean hasCredentials() {
        return !username.isEmpty();
    }

    /**
     * Whether a request for {@code url} goes through this proxy: the scheme matches (a proxy declared for
     * {@code http} also serves {@code https}, as settings.xml files commonly intend) and the host is not
     * one of {@link #nonProxyHosts()}. {@code file:} URLs never use a proxy.
     */
    public boolean appliesTo(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return false;
        }
        boolean schemeMatches =
                protocol.isEmpty() || protocol.equals(scheme) || (protocol.equals("http") && scheme.equals("https"));
        return schemeMatches && !bypasses(url.getHost());
    }

    /** Whether {@code targetHost} matches one of {@link #nonProxyHosts()}. */
    public boolean bypasses(String targetHost) {
        if (targetHost == null || nonProxyHosts.isEmpty()) {
            return false;
        }
        return Arrays.stream(nonProxyHosts.split("[|,]"))
                .map(String::trim)
                .filter(p -> !p.isEmpty())
                .anyMatch(p -> globToRegex(p).matcher(targetHost).matches());
    }

    private static Pattern globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (String part : glob.split("\\*", -1)) {
            if (regex.length() > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE);
    }

    @Override
    public String toString() {
        // Never print the password: this value ends up in debug logs.
        return "ProxySettings[" + (protocol.isEmpty() ? "any" : protocol) + " " + host + ":" + port
                + (hasCredentials() ? " as " + username : "")
                + (nonProxyHosts.isEmpty() ? "" : ", direct for " + nonProxyHosts) + "]";
    }
}
