package dev.rustmaven.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustmaven.config.InvalidSettingException;
import dev.rustmaven.config.Setting;
import dev.rustmaven.config.SettingNames;
import dev.rustmaven.pipeline.LinkSetup;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MavenSettingNamesTest {

    private final SettingNames names = MavenSettingNames.INSTANCE;

    @Test
    @DisplayName("every setting is named by its XML parameter and its user property")
    void everySettingHasBothNames() {
        for (Setting s : Setting.values()) {
            String name = names.name(s);
            assertThat(name).startsWith("<" + s.key() + ">");
            if (s != Setting.GLIBC_FLOORS) {
                assertThat(name).endsWith("(rust." + s.key() + ")");
            }
        }
        assertThat(names.name(Setting.TARGETS)).isEqualTo("<targets> (rust.targets)");
        assertThat(names.name(Setting.GLIBC_FLOORS)).isEqualTo("<glibcFloors>");
        assertThat(names.fetchAdvice("armv7-unknown-linux-gnueabihf"))
                .isEqualTo("Run once without offline mode (-o) to fetch it, e.g."
                        + " `mvn rust:fetch -Drust.targets=armv7-unknown-linux-gnueabihf`.");
    }

    @Test
    @DisplayName("a bad glibc floor is reported with the parameter the user wrote")
    void badFloor() {
        assertThatThrownBy(() -> LinkSetup.Settings.parse("auto", "2.x", Map.of(), Optional.empty()))
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> {
                    assertThat(e.setting()).isEqualTo(Setting.GLIBC);
                    assertThat(e.render(names)).startsWith("<glibc> (rust.glibc): ");
                    assertThat(e.render(SettingNames.KEYS)).startsWith("glibc: ");
                });
    }

    @Test
    @DisplayName("a bad per-target floor names the entry of <glibcFloors>")
    void badPerTargetFloor() {
        assertThatThrownBy(() -> LinkSetup.Settings.parse(
                        "auto", "2.28", Map.of("aarch64-unknown-linux-gnu", "two"), Optional.empty()))
                .isInstanceOfSatisfying(
                        InvalidSettingException.class,
                        e -> assertThat(e.render(names)).startsWith("<glibcFloors><aarch64-unknown-linux-gnu>: "));
    }

    @Test
    @DisplayName("valid values give the settings the pipeline uses")
    void validValues() throws Exception {
        LinkSetup.Settings s = LinkSetup.Settings.parse(
                " LLD ", "2.31", Map.of("aarch64-unknown-linux-gnu", "2.36"), Optional.empty());
        assertThat(s.linking()).hasToString("LLD");
        assertThat(s.defaultFloor()).hasToString("2.31");
        assertThat(s.floorPerTarget())
                .hasEntrySatisfying(
                        "aarch64-unknown-linux-gnu", v -> assertThat(v).hasToString("2.36"));
    }

    @Test
    @DisplayName("the names match the goal's real parameters and properties in the generated plugin descriptor")
    void namesMatchThePluginDescriptor() throws Exception {
        // given the descriptor maven-plugin-plugin generated from the Mojos' annotations
        java.nio.file.Path descriptor = java.nio.file.Path.of("target/classes/META-INF/maven/plugin.xml");
        org.assertj.core.api.Assumptions.assumeThat(descriptor)
                .as("run through Maven")
                .exists();
        org.w3c.dom.Document xml = javax.xml.parsers.DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(descriptor.toFile());
        org.w3c.dom.NodeList mojos = xml.getElementsByTagName("mojo");
        java.util.Map<String, org.w3c.dom.Element> goals = new java.util.HashMap<>();
        for (int i = 0; i < mojos.getLength(); i++) {
            org.w3c.dom.Element mojo = (org.w3c.dom.Element) mojos.item(i);
            goals.put(mojo.getElementsByTagName("goal").item(0).getTextContent(), mojo);
        }
        assertThat(goals).as("the goals in %s", descriptor).containsKeys("build", "test");

        for (Setting s : Setting.values()) {
            // when: the settings of the tests only are parameters of rust:test, all others of rust:build
            String goal = s == Setting.TEST_TARGETS || s == Setting.RUNNER ? "test" : "build";
            org.w3c.dom.Element mojo = goals.get(goal);
            org.w3c.dom.Element configuration = (org.w3c.dom.Element)
                    mojo.getElementsByTagName("configuration").item(0);
            java.util.Set<String> parameters = new java.util.HashSet<>();
            org.w3c.dom.NodeList parameterElements = mojo.getElementsByTagName("parameter");
            for (int i = 0; i < parameterElements.getLength(); i++) {
                org.w3c.dom.Element p = (org.w3c.dom.Element) parameterElements.item(i);
                parameters.add(p.getElementsByTagName("name").item(0).getTextContent());
            }
            org.w3c.dom.NodeList entries = configuration.getElementsByTagName(s.key());

            // then: <key> is a parameter of the goal, and its user property is the one the name gives
            assertThat(parameters).as("parameters of rust:%s", goal).contains(s.key());
            if (s == Setting.GLIBC_FLOORS) {
                assertThat(entries.getLength())
                        .as("<glibcFloors> has no user property")
                        .isZero();
            } else {
                assertThat(entries.getLength())
                        .as("<%s> in the configuration of rust:%s", s.key(), goal)
                        .isEqualTo(1);
                assertThat(entries.item(0).getTextContent()).isEqualTo("${rust." + s.key() + "}");
                assertThat(names.name(s)).endsWith("(rust." + s.key() + ")");
            }
        }
    }
}
