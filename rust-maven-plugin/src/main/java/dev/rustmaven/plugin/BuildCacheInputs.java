package dev.rustmaven.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Extension;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.model.Resource;
import org.apache.maven.project.MavenProject;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Whether the Maven build cache extension, when the build uses it, hashes the crate. The extension computes a
 * module's key from the effective POM and the files it knows as the module's inputs before any goal of the module
 * runs, so the plugin cannot add the crate to that key; what it can do is say so in the build that fills the
 * cache, because a crate the key does not hold means that the next build after a change to the crate restores the
 * outputs of this one. The extension's rules, as of its versions 1.2 and 1.3: it hashes the POM's source and
 * resource directories, the paths of {@code maven.build.cache.input*} project properties and of the
 * {@code <include>}s of its configuration file, and the existing paths that plugin configuration in the POM names
 * (not under the JVM's temporary directory); a directory that holds the module's own directory is read without
 * its subdirectories. It needs Maven 3.9.
 */
final class BuildCacheInputs {

    static final String EXTENSION = "maven-build-cache-extension";
    static final String INPUT_PROPERTY = "maven.build.cache.input";
    private static final String GLOB_PROPERTY = "maven.build.cache.input.glob";
    private static final Pattern CRATE_ELEMENT = Pattern.compile("<crate>\\s*[^<\\s]");

    /**
     * The build: the Maven version, the directory holding {@code .mvn/}, the user and system properties (user
     * properties win), and the JVM's temporary directory.
     */
    record Build(String mavenVersion, Path rootDirectory, Properties properties, Path temporaryDirectory) {}

    /**
     * A module with a crate: its directory, its crate, its project properties, the artifactIds of its build
     * extensions, its source and resource directories, and whether the POM names the crate in the plugin's
     * configuration.
     */
    record Module(
            Path basedir,
            Path crate,
            Properties properties,
            List<String> buildExtensions,
            List<Path> sourceDirectories,
            boolean crateInPom) {}

    private BuildCacheInputs() {}

    /** The build as Maven has it ({@code project}'s directory when Maven names no root directory). */
    static Build build(MavenSession session, MavenProject project, String mavenVersion) {
        Properties properties = new Properties();
        properties.putAll(session.getSystemProperties());
        properties.putAll(session.getUserProperties());
        java.io.File root = session.getRequest().getMultiModuleProjectDirectory();
        return new Build(
                mavenVersion,
                (root != null ? root : project.getBasedir()).toPath(),
                properties,
                Path.of(properties.getProperty("java.io.tmpdir", "/tmp")));
    }

    /** The module of {@code project}, whose crate is {@code crate}; {@code pluginKey} is this plugin's groupId:artifactId. */
    static Module module(MavenProject project, Path crate, String pluginKey) {
        List<Path> sources = new ArrayList<>();
        org.apache.maven.model.Build build = project.getBuild();
        for (String dir : new String[] {build.getSourceDirectory(), build.getTestSourceDirectory()}) {
            if (dir != null) {
                sources.add(Path.of(dir));
            }
        }
        for (List<Resource> resources : List.of(build.getResources(), build.getTestResources())) {
            resources.stream().map(r -> Path.of(r.getDirectory())).forEach(sources::add);
        }
        boolean crateInPom = false;
        Plugin plugin = project.getPlugin(pluginKey);
        if (plugin != null) {
            crateInPom = namesCrate(plugin.getConfiguration());
            for (PluginExecution execution : plugin.getExecutions()) {
                crateInPom |= namesCrate(execution.getConfiguration());
            }
        }
        return new Module(
                project.getBasedir().toPath(),
                crate,
                project.getProperties(),
                project.getBuildExtensions().stream()
                        .map(Extension::getArtifactId)
                        .toList(),
                sources,
                crateInPom);
    }

    /**
     * Whether a configuration element of the POM sets {@code <crate>}. Maven hands it over as a DOM whose class
     * moved between Maven versions, so it is read as the XML text it prints.
     */
    private static boolean namesCrate(Object configuration) {
        return configuration != null
                && CRATE_ELEMENT.matcher(configuration.toString()).find();
    }

    /**
     * The warning to log when the extension is on for {@code build} and the key of {@code module} does not hold its
     * crate; empty when the extension is not declared, is disabled, or hashes the crate.
     */
    static Optional<String> warning(Build build, Module module) {
        Path configFile = Optional.ofNullable(build.properties().getProperty("maven.build.cache.configPath"))
                .filter(s -> !s.isBlank())
                .map(Path::of)
                .orElse(build.rootDirectory().resolve(".mvn/maven-build-cache-config.xml"));
        Optional<Document> config = parse(configFile);
        if (!declared(build, module) || !supports(build.mavenVersion()) || !enabled(build, config)) {
            return Optional.empty();
        }
        Path basedir = module.basedir().toAbsolutePath().normalize();
        Path crate = module.crate().toAbsolutePath().normalize();
        List<Path> inputs = new ArrayList<>(module.sourceDirectories());
        for (String name : module.properties().stringPropertyNames()) {
            if (name.startsWith(INPUT_PROPERTY) && !name.equals(GLOB_PROPERTY)) {
                inputs.add(Path.of(module.properties().getProperty(name).strip()));
            }
        }
        config.ifPresent(doc -> inputs.addAll(globalIncludes(doc)));
        boolean probed = module.crateInPom()
                && !"false".equals(module.properties().getProperty("maven.build.cache.processPlugins"))
                && !crate.startsWith(build.temporaryDirectory().toAbsolutePath().normalize());
        boolean hashed = probed
                || inputs.stream()
                        .map(p -> basedir.resolve(p).normalize())
                        .anyMatch(p -> crate.startsWith(p) && !basedir.startsWith(p));
        if (hashed) {
            return Optional.empty();
        }
        String relative = crate.startsWith(basedir) ? basedir.relativize(crate).toString() : crate.toString();
        return Optional.of("The Maven build cache extension does not hash the crate " + crate
                + ", so after a change to the crate it would restore the outputs of this build. Declare the crate as"
                + " an input of the module: <" + INPUT_PROPERTY + ".crate>" + relative + "</" + INPUT_PROPERTY
                + ".crate> in the <properties> of the POM (usage.html#Maven_build_cache_extension).");
    }

    /** Whether the extension is a core extension of the build (.mvn/extensions.xml) or a build extension. */
    private static boolean declared(Build build, Module module) {
        if (module.buildExtensions().contains(EXTENSION)) {
            return true;
        }
        return parse(build.rootDirectory().resolve(".mvn/extensions.xml"))
                .map(doc -> texts(doc.getElementsByTagName("artifactId")).contains(EXTENSION))
                .orElse(false);
    }

    /** Maven 3.9 and newer run the extension; it switches itself off on older ones. */
    static boolean supports(String mavenVersion) {
        String[] parts = mavenVersion.split("[.-]");
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return major > 3 || (major == 3 && minor >= 9);
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** {@code -Dmaven.build.cache.enabled} when given, else {@code <configuration><enabled>}, else on. */
    private static boolean enabled(Build build, Optional<Document> config) {
        String property = build.properties().getProperty("maven.build.cache.enabled");
        if (property != null) {
            return Boolean.parseBoolean(property.strip());
        }
        return config.flatMap(doc ->
                        texts(doc.getElementsByTagName("enabled")).stream().findFirst())
                .map(value -> !value.equals("false"))
                .orElse(true);
    }

    /** The paths of {@code <input><global><includes><include>}. */
    private static List<Path> globalIncludes(Document doc) {
        List<Path> paths = new ArrayList<>();
        NodeList includes = doc.getElementsByTagName("include");
        for (int i = 0; i < includes.getLength(); i++) {
            Node include = includes.item(i);
            Node parent = include.getParentNode();
            if (parent != null && "includes".equals(parent.getNodeName())) {
                String value = include.getTextContent().strip();
                if (!value.isEmpty()) {
                    paths.add(Path.of(value));
                }
            }
        }
        return paths;
    }

    private static List<String> texts(NodeList nodes) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e) {
                texts.add(e.getTextContent().strip());
            }
        }
        return texts;
    }

    /** The XML file, without namespaces; empty when it is missing or unreadable (Maven reports those itself). */
    private static Optional<Document> parse(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file)) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            return Optional.of(factory.newDocumentBuilder().parse(in));
        } catch (IOException | ParserConfigurationException | SAXException e) {
            return Optional.empty();
        }
    }
}
