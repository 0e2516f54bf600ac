package dev.rustmaven.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustmaven.rust_maven_plugin.HelpMojo;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * {@code mvn rust:help -Ddetail} describes every goal and every parameter a user can set: run as Maven runs it,
 * against the plugin descriptor the build generated.
 */
class HelpTest {

    /** The goals of the descriptor, each with its user-settable parameters and their descriptions. */
    private static Map<String, Map<String, String>> descriptor() throws Exception {
        Document doc;
        try (InputStream in = HelpTest.class.getResourceAsStream("/META-INF/maven/plugin.xml")) {
            assertThat(in)
                    .as("the generated plugin descriptor on the class path")
                    .isNotNull();
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            doc = factory.newDocumentBuilder().parse(in);
        }
        Map<String, Map<String, String>> goals = new LinkedHashMap<>();
        NodeList mojos = doc.getElementsByTagName("mojo");
        for (int i = 0; i < mojos.getLength(); i++) {
            Element mojo = (Element) mojos.item(i);
            Map<String, String> parameters = new LinkedHashMap<>();
            parameters.put("", child(mojo, "description"));
            Element list = (Element) mojo.getElementsByTagName("parameters").item(0);
            if (list != null) {
                NodeList ps = list.getElementsByTagName("parameter");
                for (int j = 0; j < ps.getLength(); j++) {
                    Element p = (Element) ps.item(j);
                    if ("true".equals(child(p, "editable"))) {
                        parameters.put(child(p, "name"), child(p, "description"));
                    }
                }
            }
            goals.put(child(mojo, "goal"), parameters);
        }
        return goals;
    }

    private static String child(Element e, String tag) {
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (tag.equals(c.getNodeName())) {
                return c.getTextContent().strip();
            }
        }
        return "";
    }

    /** What {@code mvn rust:help -Ddetail -Dgoal=<goal>} prints, one line a parameter header or description. */
    private static List<String> help(String goal) throws Exception {
        HelpMojo mojo = new HelpMojo();
        set(mojo, "detail", true);
        set(mojo, "goal", goal);
        set(mojo, "lineLength", 10_000);
        set(mojo, "indentSize", 2);
        StringBuilder out = new StringBuilder();
        mojo.setLog(new SystemStreamLog() {
            @Override
            public void info(CharSequence content) {
                out.append(content);
            }
        });
        mojo.execute();
        return List.of(out.toString().split("\\R"));
    }

    private static void set(Object target, String field, Object value) throws Exception {
        Field f = HelpMojo.class.getDeclaredField(field);
        f.setAccessible(true);
        f.set(target, value);
    }

    @Test
    void everyGoalAndEveryParameterHasADescriptionInTheDescriptor() throws Exception {
        List<String> undescribed = new ArrayList<>();
        descriptor()
                .forEach((goal, parameters) -> parameters.forEach((name, description) -> {
                    if (description.isBlank()) {
                        undescribed.add(name.isEmpty() ? "goal " + goal : goal + " parameter " + name);
                    }
                }));

        assertThat(descriptor()).containsKeys("build", "test", "fetch", "help");
        assertThat(undescribed).isEmpty();
    }

    @Test
    void helpWithDetailShowsEveryGoalAndEveryParameterWithItsDescription() throws Exception {
        for (Map.Entry<String, Map<String, String>> goal : descriptor().entrySet()) {
            List<String> lines = help(goal.getKey());
            assertThat(lines).as("help of " + goal.getKey()).contains("rust:" + goal.getKey());
            assertThat(lines.get(lines.indexOf("rust:" + goal.getKey()) + 1))
                    .as("the description of rust:" + goal.getKey())
                    .startsWith("  ")
                    .isNotBlank();
            for (String parameter : goal.getValue().keySet()) {
                if (parameter.isEmpty()) {
                    continue;
                }
                int header = -1;
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).equals("    " + parameter)
                            || lines.get(i).startsWith("    " + parameter + " (Default: ")) {
                        header = i;
                    }
                }
                assertThat(header)
                        .as("rust:" + goal.getKey() + " lists " + parameter)
                        .isPositive();
                String description = lines.get(header + 1);
                assertThat(description)
                        .as("the description of " + parameter + " of rust:" + goal.getKey())
                        .startsWith("      ")
                        .doesNotStartWith("      Required: Yes")
                        .doesNotStartWith("      User property: ")
                        .hasSizeGreaterThan(20);
            }
        }
    }
}
