package dev.concert.platform.web;

import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * What Jackson may read from a request, set to what the API needs rather than Jackson's defaults (strings of 20 M
 * characters, 1,000 levels of nesting, documents of any length): the largest body is a few hundred bytes, flat, with
 * short strings. A body past these limits is a 400 before it costs memory. Spring Boot 4.0 has no properties for
 * the factory's constraints, so its mapper builder is made here on a constrained factory, with Boot's customizers
 * applied as Boot would.
 */
@Configuration(proxyBeanMethods = false)
public class JsonReadLimits {

    @Bean
    @Scope("prototype")
    JsonMapper.Builder constrainedJsonMapperBuilder(List<JsonMapperBuilderCustomizer> customizers,
                                         @Value("${platform.web.max-body-bytes:16384}") long maxBodyBytes) {
        JsonMapper.Builder builder = JsonMapper.builder(JsonFactory.builder()
                .streamReadConstraints(constraints(maxBodyBytes)).build());
        customizers.forEach(customizer -> customizer.customize(builder));
        return builder;
    }

    public static StreamReadConstraints constraints(long maxBodyBytes) {
        return StreamReadConstraints.builder()
                .maxDocumentLength(maxBodyBytes)
                .maxStringLength(4_096)
                .maxNameLength(256)
                .maxNumberLength(64)
                .maxNestingDepth(32)
                .maxTokenCount(4_096)
                .build();
    }
}
