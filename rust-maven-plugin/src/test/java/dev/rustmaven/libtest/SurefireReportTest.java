package dev.rustmaven.libtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class SurefireReportTest {

    @Test
    @DisplayName("the report is Surefire's format: counts, testcases, failure with message and output, skipped")
    void writesSurefireXml(@TempDir Path dir) throws Exception {
        // given
        TestSuiteResult suite = LibtestOutputTest.parse(LibtestOutputTest.FAILING_RUN, 101);
        TestSuiteResult named = new TestSuiteResult(
                "armv7-unknown-linux-musleabihf.lib.rust_tests", suite.cases(), suite.seconds(), suite.crash());

        // when
        Path file = SurefireReport.write(named, dir);

        // then
        assertThat(file.getFileName()).hasToString("TEST-armv7-unknown-linux-musleabihf.lib.rust_tests.xml");
        Element root = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(file.toFile())
                .getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("testsuite");
        assertThat(root.getAttribute("name")).isEqualTo("armv7-unknown-linux-musleabihf.lib.rust_tests");
        assertThat(root.getAttribute("tests")).isEqualTo("4");
        assertThat(root.getAttribute("failures")).isEqualTo("1");
        assertThat(root.getAttribute("errors")).isEqualTo("0");
        assertThat(root.getAttribute("skipped")).isEqualTo("1");
        assertThat(root.getAttribute("time")).isEqualTo("0.250");
        NodeList cases = root.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(4);
        Element failed = (Element) cases.item(3);
        assertThat(failed.getAttribute("name")).isEqualTo("tests::wrong_sum");
        assertThat(failed.getAttribute("classname")).isEqualTo("armv7-unknown-linux-musleabihf.lib.rust_tests");
        Element failure = (Element) failed.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).startsWith("assertion `left == right` failed: sum");
        assertThat(failure.getTextContent()).contains("computing 2 + 2");
        assertThat(((Element) cases.item(1)).getElementsByTagName("skipped").getLength())
                .isEqualTo(1);
        assertThat(((Element) cases.item(0)).getChildNodes().getLength()).isZero();
    }

    @Test
    @DisplayName("a crashed binary is an error testcase; markup in names and output is escaped")
    void crashAndEscaping(@TempDir Path dir) throws Exception {
        TestSuiteResult suite = new TestSuiteResult(
                "x86_64-unknown-linux-gnu.test.<odd>",
                List.of(new TestCaseResult(
                        "a<b>&\"c\"",
                        TestCaseResult.Status.FAILED,
                        Optional.of("1 < 2 & \"x\""),
                        Optional.of("<tag>]]>"))),
                1.5,
                Optional.of("the test binary ended (exit code 132) before libtest reported a result"));

        Path file = SurefireReport.write(suite, dir);

        assertThat(file.getFileName()).hasToString("TEST-x86_64-unknown-linux-gnu.test._odd_.xml");
        Element root = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(file.toFile())
                .getDocumentElement();
        assertThat(root.getAttribute("tests")).isEqualTo("2");
        assertThat(root.getAttribute("errors")).isEqualTo("1");
        Element first = (Element) root.getElementsByTagName("testcase").item(0);
        assertThat(first.getAttribute("name")).isEqualTo("a<b>&\"c\"");
        Element failure = (Element) first.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).isEqualTo("1 < 2 & \"x\"");
        assertThat(failure.getTextContent()).isEqualTo("<tag>]]>");
        Element error = (Element) root.getElementsByTagName("error").item(0);
        assertThat(error.getAttribute("message")).contains("exit code 132");
    }
}
