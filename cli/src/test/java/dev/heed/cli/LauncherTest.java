package dev.heed.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The heed launcher script's build, as a person sees it on first use: a line saying it builds and where the log is, a
 * line per module as Maven reaches it, how long it took; nothing on later runs; on a failed build, Maven's errors and
 * the log, and status 1. The real script and the real Maven wrapper, on a project of three modules shaped like Heed's
 * (heed-cli with its jar and target/lib, a dev.heed.cli.Heed main), built offline from the local repository.
 */
class LauncherTest {
    private static final Path REPO = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();

    @Test
    void firstUseBuildsWithALinePerModuleThenRunsWithoutBuilding(@TempDir Path dir) throws Exception {
        Path project = smallProject(dir);

        Result first = heed(project, "greet");
        assertEquals(0, first.exit(), first.err());
        assertEquals("hello greet", first.out().strip());
        List<String> lines = first.err().lines().toList();
        assertTrue(lines.get(0).startsWith("heed: building Heed (the first build downloads its dependencies")
                && lines.get(0).contains(project.resolve("cli/target/heed-build.log").toString()), lines.get(0));
        assertEquals(List.of("heed: building 1/3 small-parent", "heed: building 2/3 small-lib", "heed: building 3/3 heed-cli"),
                lines.subList(1, 4));
        assertTrue(lines.get(4).matches("heed: built in \\d+ s"), lines.get(4));
        assertEquals(5, lines.size(), first.err());
        assertTrue(Files.readString(project.resolve("cli/target/heed-build.log")).contains("BUILD SUCCESS"));

        Result again = heed(project, "again");
        assertEquals(0, again.exit(), again.err());
        assertEquals("hello again", again.out().strip());
        assertEquals("", again.err(), "nothing to build the second time");
    }

    @Test
    void aFailedBuildShowsMavensErrorsAndTheLogAndExitsOne(@TempDir Path dir) throws Exception {
        Path project = smallProject(dir);
        Files.writeString(project.resolve("lib/src/main/java/small/Greeting.java"), "package small; public class Greeting { oops }");

        Result r = heed(project, "greet");
        assertEquals(1, r.exit(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().contains("heed: the build failed (Maven exit status 1); its errors:"), r.err());
        assertTrue(r.err().contains("[ERROR]") && r.err().contains("Greeting.java"), r.err());
        assertTrue(r.err().strip().endsWith("heed: the whole log: " + project.resolve("cli/target/heed-build.log")), r.err());
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result heed(Path project, String... args) throws Exception {
        Path out = Files.createTempFile(project, "out", ".txt");
        Path err = Files.createTempFile(project, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(Stream.concat(Stream.of("bash", project.resolve("heed").toString()), Stream.of(args)).toList())
                .directory(project.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        // Offline: everything the small project needs is in the local repository already (Heed's own build used it).
        pb.environment().put("MAVEN_ARGS", "-o");
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("heed did not finish in 5 minutes: " + Files.readString(err));
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** The launcher, the wrapper and a three-module project whose cli module builds heed-cli.jar with its lib folder. */
    private static Path smallProject(Path dir) throws IOException {
        Path project = dir.resolve("small");
        Files.createDirectories(project.resolve(".mvn/wrapper"));
        for (String file : List.of("heed", "mvnw", ".mvn/wrapper/maven-wrapper.properties")) {
            Files.copy(REPO.resolve(file), project.resolve(file), StandardCopyOption.COPY_ATTRIBUTES);
        }
        String plugins = String.join("\n",
                plugin("maven-compiler-plugin", "3.13.0"), plugin("maven-resources-plugin", "3.3.1"), plugin("maven-jar-plugin", "3.4.2"),
                plugin("maven-surefire-plugin", "3.5.2"), plugin("maven-dependency-plugin", "3.8.1"), plugin("maven-install-plugin", "3.1.3"));
        write(project.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
                  <groupId>small</groupId><artifactId>small-parent</artifactId><version>1</version><packaging>pom</packaging>
                  <properties><maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>
                  <modules><module>lib</module><module>cli</module></modules>
                  <build><pluginManagement><plugins>%s</plugins></pluginManagement></build>
                </project>""".formatted(plugins));
        write(project.resolve("lib/pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
                  <parent><groupId>small</groupId><artifactId>small-parent</artifactId><version>1</version></parent>
                  <artifactId>small-lib</artifactId>
                </project>""");
        write(project.resolve("lib/src/main/java/small/Greeting.java"),
                "package small;\npublic final class Greeting {\n    public static String of(String who) { return \"hello \" + who; }\n}\n");
        write(project.resolve("cli/pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
                  <parent><groupId>small</groupId><artifactId>small-parent</artifactId><version>1</version></parent>
                  <artifactId>heed-cli</artifactId>
                  <dependencies><dependency><groupId>small</groupId><artifactId>small-lib</artifactId><version>1</version></dependency></dependencies>
                  <build><finalName>heed-cli</finalName><plugins><plugin>
                    <groupId>org.apache.maven.plugins</groupId><artifactId>maven-dependency-plugin</artifactId>
                    <executions><execution><id>lib</id><phase>package</phase><goals><goal>copy-dependencies</goal></goals>
                      <configuration><outputDirectory>${project.build.directory}/lib</outputDirectory></configuration></execution></executions>
                  </plugin></plugins></build>
                </project>""");
        write(project.resolve("cli/src/main/java/dev/heed/cli/Heed.java"),
                "package dev.heed.cli;\npublic final class Heed {\n    public static void main(String[] args) {\n"
                        + "        System.out.println(small.Greeting.of(String.join(\" \", args)));\n    }\n}\n");
        return project;
    }

    private static String plugin(String artifactId, String version) {
        return "<plugin><groupId>org.apache.maven.plugins</groupId><artifactId>" + artifactId + "</artifactId><version>" + version
                + "</version></plugin>";
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
