package dev.concert.platform.diagnostics;

import java.util.Locale;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * The secrets the manifests ship (infra/k8s/base/config.yaml: {@code change-me}, {@code change-me-to-at-least-32-...})
 * are public: an app that still has one refuses to start, naming the setting, instead of running with a key everyone
 * knows. Any value containing {@value #MARKER} (any case) counts; the {@code local} profile's development values
 * never contain it.
 */
public final class PlaceholderSecret {

    public static final String MARKER = "change-me";

    private PlaceholderSecret() {
    }

    public static boolean isPlaceholder(String value) {
        return value != null && value.toLowerCase(Locale.ROOT).contains(MARKER);
    }

    /**
     * Fails start-up if {@code value} is a placeholder; the message names {@code setting} (never the value).
     *
     * @return the value, unchanged
     */
    public static String refuse(String setting, String value) {
        if (isPlaceholder(value)) {
            throw new Refused(setting);
        }
        return value;
    }

    /** The start-up failure; {@link Analyzer} prints it as two lines instead of a stack trace. */
    public static final class Refused extends IllegalStateException {

        private final String setting;

        Refused(String setting) {
            super(setting + " still has the shipped placeholder value (it contains '" + MARKER + "', which is public): "
                    + "set a real secret, e.g. from 'openssl rand -base64 48', in the environment or the Kubernetes "
                    + "Secret concert-secrets");
            this.setting = setting;
        }

        public String setting() {
            return setting;
        }
    }

    /** Registered in META-INF/spring.factories. */
    public static final class Analyzer extends AbstractFailureAnalyzer<Refused> {

        @Override
        protected FailureAnalysis analyze(Throwable rootFailure, Refused cause) {
            return new FailureAnalysis(cause.setting() + " is the shipped placeholder (contains '" + MARKER
                    + "'), a publicly known value: refusing to start.",
                    "Set " + cause.setting() + " to a real secret (e.g. openssl rand -base64 48) in the environment or "
                            + "the Kubernetes Secret concert-secrets (infra/k8s/overlays/example shows how).", cause);
        }
    }
}
