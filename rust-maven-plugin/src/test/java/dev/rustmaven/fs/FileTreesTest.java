package dev.rustmaven.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {

    @TempDir
    Path temp;

    private static void link(Path link, Path target) throws IOException {
        try {
            Files.createSymbolicLink(link, target);
        } catch (UnsupportedOperationException | FileSystemException e) {
            Assumptions.abort("symbolic links cannot be made here: " + e);
        }
    }

    @Test
    void deletesADirectoryWithEverythingBelowIt() throws Exception {
        // given
        Path root = Files.createDirectories(temp.resolve("root/a/b"));
        Files.writeString(root.resolve("deep.txt"), "deep");
        Files.writeString(temp.resolve("root/top.txt"), "top");
        Files.createDirectories(temp.resolve("root/empty"));

        // when
        FileTrees.delete(temp.resolve("root"));

        // then
        assertThat(temp.resolve("root")).doesNotExist();
        assertThat(temp).isEmptyDirectory();
    }

    @Test
    void deletesASingleFileAndAcceptsNothing() throws Exception {
        // given
        Path file = Files.writeString(temp.resolve("file"), "x");

        // when
        FileTrees.delete(file);
        FileTrees.delete(temp.resolve("never-existed"));

        // then
        assertThat(file).doesNotExist();
        assertThat(temp).isEmptyDirectory();
    }

    @Test
    void linksAreDeletedButNotFollowed() throws Exception {
        // given: a tree with a link to a directory outside it, and a root that is itself a link
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("keep.txt"), "keep");
        Path tree = Files.createDirectories(temp.resolve("tree"));
        link(tree.resolve("to-outside"), outside);
        Path rootLink = temp.resolve("root-link");
        link(rootLink, outside);

        // when
        FileTrees.delete(tree);
        FileTrees.delete(rootLink);

        // then
        assertThat(tree).doesNotExist();
        assertThat(Files.exists(rootLink, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(outside.resolve("keep.txt")).hasContent("keep");
    }

    @Test
    void aDanglingLinkIsDeleted() throws Exception {
        // given
        Path dangling = temp.resolve("dangling");
        link(dangling, temp.resolve("gone"));

        // when
        FileTrees.delete(dangling);

        // then
        assertThat(Files.exists(dangling, LinkOption.NOFOLLOW_LINKS)).isFalse();
    }
}
