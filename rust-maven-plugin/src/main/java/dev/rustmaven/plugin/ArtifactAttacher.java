package dev.rustmaven.plugin;

import dev.rustmaven.log.BuildLog;
import dev.rustmaven.pipeline.Attachment;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;

/** Attaches the outputs to the project, so they are installed and deployed: one log line, details at debug. */
final class ArtifactAttacher {

    private final MavenProjectHelper helper;
    private final BuildLog log;

    ArtifactAttacher(MavenProjectHelper helper, BuildLog log) {
        this.helper = helper;
        this.log = log;
    }

    /** Attaches the native files and per-target jars (classifier: the triple; type: the extension, or jar). */
    void attach(MavenProject project, List<Attachment> attachments) {
        attachments.forEach(a -> attachOne(project, a.type(), a.classifier(), a.file()));
        log.info("Attached " + attachments.size() + (attachments.size() == 1 ? " artifact" : " artifacts")
                + " to " + project.getGroupId() + ":" + project.getArtifactId() + ":" + project.getVersion()
                + (attachments.isEmpty()
                        ? ""
                        : " ("
                                + String.join(
                                        ", ",
                                        attachments.stream()
                                                .map(a -> a.type() + ":" + a.classifier())
                                                .toList())
                                + ")"));
    }

    private void attachOne(MavenProject project, String type, String classifier, Path file) {
        helper.attachArtifact(project, type, classifier, file.toFile());
        log.debug("Attached " + file.getFileName() + " as " + project.getGroupId() + ":" + project.getArtifactId() + ":"
                + type + ":" + classifier + ":" + project.getVersion());
    }
}
