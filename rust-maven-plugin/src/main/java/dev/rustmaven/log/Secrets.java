package dev.rustmaven.log;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Masks what must not reach a log: values of variables named like secrets ({@code *_TOKEN}, {@code *_PASSWORD},
 * {@code *_SECRET}, ...), passwords in URLs ({@code http://user:password@proxy}, as in {@code https_proxy}), and
 * tokens and passwords given as {@code key=value} in arguments ({@code --config registry.token="..."}).
 */
public final class Secrets {

    /** What a masked value is replaced with. */
    public static final String MASK = "****";

    private static final Pattern SECRET_NAME =
            Pattern.compile("(?i).*(TOKEN|PASSWORD|PASSWD|SECRET|CREDENTIAL|API_?KEY|PRIVATE_?KEY|AUTH).*");

    private static final Pattern URL_PASSWORD = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://[^/@\\s:]*:)([^/@\\s]+)@");

    private static final Pattern ASSIGNED_SECRET = Pattern.compile(
            "(?i)([a-z0-9_.-]*(?:token|password|passwd|secret|credential)[a-z0-9_.-]*\\s*=\\s*)(\"[^\"]*\"|'[^']*'|[^\\s,]+)");

    private Secrets() {}

    /** Whether a variable's name says its value is a secret. */
    public static boolean isSecretName(String name) {
        return SECRET_NAME.matcher(name).matches();
    }

    /** A variable's value as a log may show it. */
    public static String value(String name, String value) {
        return isSecretName(name) ? MASK : text(value);
    }

    /** Text with URL passwords and assigned tokens or passwords masked. */
    public static String text(String text) {
        String masked = URL_PASSWORD.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK + "@"));
        return ASSIGNED_SECRET.matcher(masked).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
    }

    /** A command line as a log may show it, arguments separated by spaces. */
    public static String commandLine(List<String> command) {
        return command.stream().map(Secrets::text).collect(Collectors.joining(" "));
    }

    /** Variables as a log may show them: sorted {@code NAME=value}, separated by spaces. */
    public static String environment(Map<String, String> environment) {
        return new TreeMap<>(environment)
                .entrySet().stream()
                        .map(e -> e.getKey() + "=" + value(e.getKey(), e.getValue()))
                        .collect(Collectors.joining(" "));
    }
}
