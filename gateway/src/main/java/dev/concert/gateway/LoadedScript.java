package dev.concert.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * A Lua script read once, its SHA-1 computed once. {@code RedisScript.of(Resource)} asks the resource for its
 * last-modified time on every call, under a lock, to notice a changed script: inside a jar that is a JAR URL lookup
 * per request, and profiles of the gateway (docs/benchmarks.md, 2026-12-01) found it at 4 % of the ACTIVE route's
 * CPU and 16 % of token issue's (the rate limiter's script). A script in a jar never changes while it runs.
 */
public final class LoadedScript<T> implements RedisScript<T> {

    private final String source;
    private final String sha1;
    private final Class<T> resultType;

    private LoadedScript(String source, Class<T> resultType) {
        this.source = source;
        this.sha1 = sha1(source);
        this.resultType = resultType;
    }

    public static <T> LoadedScript<T> of(String source, Class<T> resultType) {
        return new LoadedScript<>(source, resultType);
    }

    public static <T> LoadedScript<T> fromClasspath(String location, Class<T> resultType) {
        try {
            return of(new ClassPathResource(location).getContentAsString(StandardCharsets.UTF_8), resultType);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the script " + location, e);
        }
    }

    @Override
    public String getScriptAsString() {
        return source;
    }

    @Override
    public String getSha1() {
        return sha1;
    }

    @Override
    public Class<T> getResultType() {
        return resultType;
    }

    private static String sha1(String source) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
