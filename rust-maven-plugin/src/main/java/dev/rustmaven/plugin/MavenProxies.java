package dev.rustmaven.plugin;

import dev.rustmaven.distribution.ProxySettings;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/** The active proxies of settings.xml, with their passwords decrypted, as the downloader takes them. */
final class MavenProxies {

    private MavenProxies() {}

    static List<ProxySettings> from(Settings settings, SettingsDecrypter decrypter) {
        List<ProxySettings> proxies = new ArrayList<>();
        for (Proxy proxy : settings.getProxies()) {
            if (!proxy.isActive()) {
                continue;
            }
            SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(proxy));
            for (SettingsProblem problem : result.getProblems()) {
                if (problem.getSeverity() != SettingsProblem.Severity.WARNING) {
                    throw new IllegalArgumentException("The password of proxy '" + proxy.getId() + "' in settings.xml"
                            + " could not be decrypted: " + problem.getMessage());
                }
            }
            Proxy p = result.getProxy() == null ? proxy : result.getProxy();
            proxies.add(new ProxySettings(
                    p.getProtocol(), p.getHost(), p.getPort(), p.getUsername(), p.getPassword(), p.getNonProxyHosts()));
        }
        return proxies;
    }
}
