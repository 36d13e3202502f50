package dev.twitterlike.gateway;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web app's files reach the gateway in a form it can stream to many requests at once. From
 * the frontend jar (what {@code verify}, run.sh and the images use) every file under
 * {@code static/} must be stored, not deflated: the JDK's inflaters are pooled per jar, and a
 * request cancelled mid-read handed its inflater back while still reading, which corrupted a
 * concurrent request's asset (a 500 "invalid stored block lengths" for {@code /assets/*.js}, seen
 * in the cluster end-to-end run). From a directory (an IDE, {@code mvn test} without packaging)
 * no inflater is involved.
 */
class WebAppPackagingTest {

    @Test
    void theWebAppsFilesAreReadWithoutAnInflater() throws IOException {
        URL index = getClass().getClassLoader().getResource("static/index.html");
        assertThat(index).as("the frontend on the gateway's class path").isNotNull();
        if (index.getProtocol().equals("jar")) {
            try (JarFile jar = new JarFile(((JarURLConnection) index.openConnection()).getJarFileURL().getPath())) {
                List<ZipEntry> files = jar.stream().filter(e -> e.getName().startsWith("static/") && !e.isDirectory())
                        .map(ZipEntry.class::cast).toList();
                assertThat(files).as("the web app's files").hasSizeGreaterThan(10);
                assertThat(files).as("deflated entries in " + jar.getName())
                        .allSatisfy(e -> assertThat(e.getMethod()).as(e.getName()).isEqualTo(ZipEntry.STORED));
            }
        } else {
            assertThat(index.getProtocol()).isEqualTo("file");
            assertThat(Files.isRegularFile(Path.of(index.getPath()))).isTrue();
        }
    }
}
