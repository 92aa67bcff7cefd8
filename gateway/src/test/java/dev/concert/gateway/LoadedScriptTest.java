package dev.concert.gateway;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

import static org.assertj.core.api.Assertions.assertThat;

class LoadedScriptTest {

    @Test
    void a_loaded_script_has_the_sha1_redis_knows_it_by() {
        // what Spring Data Redis computes (and EVALSHA looks up) for the same text
        RedisScript<Long> reference = RedisScript.of(new ClassPathResource("redis/touch-active.lua"), Long.class);
        LoadedScript<Long> loaded = LoadedScript.fromClasspath("redis/touch-active.lua", Long.class);
        assertThat(loaded.getSha1()).isEqualTo(reference.getSha1());
        assertThat(loaded.getScriptAsString()).isEqualTo(reference.getScriptAsString());
        assertThat(loaded.getResultType()).isEqualTo(Long.class);
    }

    @Test
    void the_rate_limiters_script_is_read_from_spring_cloud_gateways_jar() {
        LoadedScript<List> script = LoadedScript.fromClasspath("META-INF/scripts/request_rate_limiter.lua", List.class);
        assertThat(script.getScriptAsString()).contains("redis.call");
        assertThat(script.getSha1()).hasSize(40);
    }
}
