package dev.rustmaven.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * The supported range is enforced, not only documented: the generated plugin descriptor states the minimum
 * Maven and Java versions (Maven refuses the plugin below them), and they are the ones the README and the
 * usage page promise and the build's {@code minimum.maven.version} names.
 */
class PluginDescriptorTest {

    private static final Path ROOT = Path.of("..");

    private static Document descriptor() throws Exception {
        try (InputStream in = PluginDescriptorTest.class.getResourceAsStream("/META-INF/maven/plugin.xml")) {
            assertThat(in)
                    .as("the generated META-INF/maven/plugin.xml on the class path")
                    .isNotNull();
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(in);
        }
    }

    private static String pluginElement(Document d, String name) {
        var nodes = d.getDocumentElement().getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (name.equals(nodes.item(i).getNodeName())) {
                return nodes.item(i).getTextContent().strip();
            }
        }
        throw new AssertionError("plugin.xml has no <" + name + ">");
    }

    private static String minimumMavenOfTheBuild() throws Exception {
        Matcher m = Pattern.compile("<minimum\\.maven\\.version>([^<]+)</minimum\\.maven\\.version>")
                .matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertThat(m.find()).as("minimum.maven.version in the root pom.xml").isTrue();
        return m.group(1).strip();
    }

    @Test
    void theDescriptorRequiresTheMinimumMavenAndJavaTheDocumentationStates() throws Exception {
        // given
        Document plugin = descriptor();
        String maven = minimumMavenOfTheBuild();

        // then
        assertThat(pluginElement(plugin, "requiredMavenVersion")).isEqualTo(maven);
        assertThat(pluginElement(plugin, "requiredJavaVersion")).isEqualTo("17");
        String usage = Files.readString(ROOT.resolve("src-site/markdown/usage.md"));
        String readme = Files.readString(ROOT.resolve("README.md"));
        String promise = "Maven " + maven + " or newer and Java 17 or newer";
        assertThat(usage).as("usage.md states the supported range").contains(promise);
        assertThat(readme).as("README.md states the supported range").contains(promise);
    }
}
