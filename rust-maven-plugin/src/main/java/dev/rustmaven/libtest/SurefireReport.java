package dev.rustmaven.libtest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Writes a suite as Surefire does ({@code TEST-<suite>.xml}), so that CI servers and IDEs that read
 * {@code target/surefire-reports} show Rust tests next to Java ones.
 */
public final class SurefireReport {

    private SurefireReport() {}

    /** The report's file name for {@code suite}: {@code TEST-<name>.xml}, with unsafe characters replaced. */
    public static String fileName(String suite) {
        return "TEST-" + suite.replaceAll("[^A-Za-z0-9._-]", "_") + ".xml";
    }

    /** Writes {@code suite} into {@code directory} and returns the file. */
    public static Path write(TestSuiteResult suite, Path directory) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve(fileName(suite.name()));
        try (OutputStream out = Files.newOutputStream(file)) {
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.INDENT, "yes");
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.transform(new DOMSource(document(suite)), new StreamResult(out));
        } catch (TransformerException | ParserConfigurationException e) {
            throw new IOException("Could not write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    static Document document(TestSuiteResult suite) throws ParserConfigurationException {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
        Element root = doc.createElement("testsuite");
        doc.appendChild(root);
        root.setAttribute("name", suite.name());
        root.setAttribute(
                "tests", Long.toString(suite.cases().size() + (suite.crash().isPresent() ? 1 : 0)));
        root.setAttribute("failures", Long.toString(suite.count(TestCaseResult.Status.FAILED)));
        root.setAttribute("errors", suite.crash().isPresent() ? "1" : "0");
        root.setAttribute("skipped", Long.toString(suite.count(TestCaseResult.Status.IGNORED)));
        root.setAttribute("time", seconds(suite.seconds()));
        for (TestCaseResult c : suite.cases()) {
            Element testcase = testcase(doc, suite.name(), c.name());
            switch (c.status()) {
                case FAILED -> {
                    Element failure = doc.createElement("failure");
                    failure.setAttribute("message", c.message().orElse("the test failed"));
                    failure.setAttribute("type", "panic");
                    c.output().ifPresent(o -> failure.appendChild(doc.createTextNode(o)));
                    testcase.appendChild(failure);
                }
                case IGNORED -> testcase.appendChild(doc.createElement("skipped"));
                case PASSED -> {
                    // a passing testcase has no child
                }
            }
            root.appendChild(testcase);
        }
        suite.crash().ifPresent(why -> {
            Element testcase = testcase(doc, suite.name(), suite.name());
            Element error = doc.createElement("error");
            error.setAttribute("message", why);
            testcase.appendChild(error);
            root.appendChild(testcase);
        });
        return doc;
    }

    private static Element testcase(Document doc, String suite, String name) {
        Element testcase = doc.createElement("testcase");
        testcase.setAttribute("name", name);
        testcase.setAttribute("classname", suite);
        // libtest's stable output gives no time per test.
        testcase.setAttribute("time", "0");
        return testcase;
    }

    private static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.3f", seconds);
    }
}
