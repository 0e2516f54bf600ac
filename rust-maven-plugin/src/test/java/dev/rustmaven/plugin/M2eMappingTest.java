package dev.rustmaven.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The plugin's m2e lifecycle mapping: Eclipse runs rust:build on full builds only (not on every save), and every
 * goal of the plugin is mapped, so a new goal cannot be forgotten (m2e marks an unmapped one as an error).
 */
class M2eMappingTest {

    private static Document read(String resource) throws Exception {
        try (InputStream in = M2eMappingTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource + " on the class path").isNotNull();
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(in);
        }
    }

    private static List<String> texts(Element parent, String tag) {
        List<String> values = new ArrayList<>();
        NodeList nodes = parent.getElementsByTagName(tag);
        for (int i = 0; i < nodes.getLength(); i++) {
            values.add(nodes.item(i).getTextContent().strip());
        }
        return values;
    }

    @Test
    void buildRunsOnFullBuildsOnlyAndEveryOtherGoalIsMapped() throws Exception {
        // given
        Document mapping = read("/META-INF/m2e/lifecycle-mapping-metadata.xml");
        Document descriptor = read("/META-INF/maven/plugin.xml");

        // when: the action of each goal the mapping names
        Map<String, Element> actionByGoal = new HashMap<>();
        NodeList executions = mapping.getElementsByTagName("pluginExecution");
        for (int i = 0; i < executions.getLength(); i++) {
            Element execution = (Element) executions.item(i);
            Element action = (Element) execution.getElementsByTagName("action").item(0);
            for (String goal : texts(execution, "goal")) {
                actionByGoal.put(goal, action);
            }
        }
        List<String> goals = new ArrayList<>();
        NodeList mojos = descriptor.getElementsByTagName("mojo");
        for (int i = 0; i < mojos.getLength(); i++) {
            for (org.w3c.dom.Node child = mojos.item(i).getFirstChild();
                    child != null;
                    child = child.getNextSibling()) {
                if ("goal".equals(child.getNodeName())) {
                    goals.add(child.getTextContent().strip());
                }
            }
        }
        assertThat(goals).as("the goals of the plugin descriptor").contains("build", "help");
        goals.remove("help");

        // then
        assertThat(actionByGoal.keySet()).containsExactlyInAnyOrderElementsOf(goals);
        Element build = actionByGoal.get("build");
        assertThat(texts(build, "runOnIncremental")).containsExactly("false");
        assertThat(texts(build, "runOnConfiguration")).containsExactly("false");
        assertThat(actionByGoal.get("test").getElementsByTagName("ignore").getLength())
                .isEqualTo(1);
        assertThat(actionByGoal.get("fetch").getElementsByTagName("ignore").getLength())
                .isEqualTo(1);
    }
}
