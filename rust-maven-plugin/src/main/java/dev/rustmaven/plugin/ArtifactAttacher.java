package dev.rustmaven.plugin;

import dev.rustmaven.build.Attachment;
import dev.rustmaven.log.BuildLog;
import java.util.List;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;

/** Attaches the planned outputs to the project, one log line each, so they are installed and deployed. */
final class ArtifactAttacher {

    private final MavenProjectHelper helper;
    private final BuildLog log;

    ArtifactAttacher(MavenProjectHelper helper, BuildLog log) {
        this.helper = helper;
        this.log = log;
    }

    void attach(MavenProject project, List<Attachment> attachments) {
        for (Attachment a : attachments) {
            helper.attachArtifact(project, a.type(), a.classifier(), a.file().toFile());
            log.info("Attached " + a.file().getFileName() + " as " + project.getGroupId() + ":"
                    + project.getArtifactId() + ":" + a.type() + ":" + a.classifier() + ":" + project.getVersion());
        }
    }
}
