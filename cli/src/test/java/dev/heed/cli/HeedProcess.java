package dev.heed.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heed command as a person runs it: its own JVM running {@code dev.heed.cli.Heed} with the launcher's environment
 * (models beside the checkout) and the command's own logging configuration, stdout and stderr read line by line as
 * they come. The classpath goes through an argument file (ONNX Runtime crashes under a long command line).
 */
public final class HeedProcess implements AutoCloseable {
    private static final Pattern OPS_PORT = Pattern.compile("metrics and health(?: and [/\\w]+)? on (?:port |http://localhost:)(\\d+)");

    private final Process process;
    private final List<String> out = new ArrayList<>();
    private final List<String> err = new ArrayList<>();
    private final Thread outReader;
    private final Thread errReader;

    private HeedProcess(Process process, boolean readStdout) {
        this.process = process;
        this.outReader = readStdout ? reader(process.getInputStream(), out, "stdout") : null;
        this.errReader = reader(process.getErrorStream(), err, "stderr");
    }

    /** Starts {@code heed ARGS} with the given extra environment; stdout is read into {@link #stdout()}. */
    public static HeedProcess start(Path workDir, Map<String, String> env, String... args) throws IOException {
        return start(workDir, env, true, args);
    }

    /**
     * As {@link #start(Path, Map, String...)}; with {@code readStdout} false, stdout is left to the test
     * ({@link #stdoutStream()}), e.g. to close it the way {@code | head} does.
     */
    public static HeedProcess start(Path workDir, Map<String, String> env, boolean readStdout, String... args) throws IOException {
        Path argFile = Files.createTempFile(workDir, "heed-", ".args");
        Files.writeString(argFile, String.join("\n", "-Xmx768m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", quote(System.getProperty("java.class.path")), "dev.heed.cli.Heed") + "\n", StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "@" + argFile));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        Path shared = Path.of(System.getProperty("heed.shared", "../shared")).toAbsolutePath().normalize();
        // Nothing of the test's own environment, then what the heed launcher exports, then the test's settings.
        pb.environment().keySet().removeIf(k -> k.startsWith("HEED_"));
        pb.environment().put("HEED_MODELS_DIR", shared.resolve("models").toString());
        pb.environment().put("HEED_DEMO_CLIP", shared.resolve("data/clips/office-turns.mp4").toString());
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        Process p = pb.start();
        p.getOutputStream().close();
        return new HeedProcess(p, readStdout);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static Thread reader(InputStream in, List<String> lines, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (IOException e) {
                // The process ended.
            }
        }, "heed-process-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The raw stdout when it is not read by this class. */
    public InputStream stdoutStream() {
        return process.getInputStream();
    }

    public List<String> stdout() {
        synchronized (out) {
            return List.copyOf(out);
        }
    }

    public List<String> stderr() {
        synchronized (err) {
            return List.copyOf(err);
        }
    }

    public String stderrText() {
        return String.join("\n", stderr());
    }

    /** Waits for a stderr line that matches; the line, or an AssertionError with all of stderr after the timeout. */
    public String awaitStderr(Predicate<String> matches, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (err) {
            int seen = 0;
            while (true) {
                for (; seen < err.size(); seen++) {
                    if (matches.test(err.get(seen))) {
                        return err.get(seen);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !errReader.isAlive())) {
                    throw new AssertionError("no stderr line " + what + " within " + timeout + (process.isAlive() ? "" : " (the process ended)")
                            + ":\n" + String.join("\n", err));
                }
                err.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)))));
            }
        }
    }

    /** The port of the ops endpoint, once the command has logged it. */
    public int opsPort(Duration timeout) throws InterruptedException {
        Matcher m = OPS_PORT.matcher(awaitStderr(l -> OPS_PORT.matcher(l).find(), timeout, "naming the ops port"));
        m.find();
        return Integer.parseInt(m.group(1));
    }

    /** The exit status once the process has ended by itself, its output read to the end; AssertionError if it runs on. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("heed still runs after " + timeout + "; stderr:\n" + stderrText());
        }
        if (outReader != null) {
            outReader.join(5_000);
        }
        errReader.join(5_000);
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** SIGTERM, as Ctrl-C or Kubernetes would stop it; the exit status. */
    public int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        return awaitExit(timeout);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
