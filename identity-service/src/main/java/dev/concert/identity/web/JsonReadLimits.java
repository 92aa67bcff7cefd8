package dev.concert.identity.web;

import java.util.List;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * What Jackson may read from a request (sign-up's {email, password}): 16 KiB at most, short strings, flat, instead of
 * Jackson's defaults (strings of 20 M characters, documents of any length, chunked or not). Past them a body is a
 * 400 having cost at most the limit. The services have the same rule in service-platform, which this service does
 * not use (Spring Boot 4.0 has no properties for it, so the mapper builder is made here with Boot's customizers).
 */
@Configuration(proxyBeanMethods = false)
class JsonReadLimits {

    static final long MAX_DOCUMENT_BYTES = 16_384;

    @Bean
    @Scope("prototype")
    JsonMapper.Builder constrainedJsonMapperBuilder(List<JsonMapperBuilderCustomizer> customizers) {
        JsonMapper.Builder builder = JsonMapper.builder(JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxDocumentLength(MAX_DOCUMENT_BYTES)
                        .maxStringLength(4_096)
                        .maxNestingDepth(32)
                        .maxTokenCount(4_096)
                        .build())
                .build());
        customizers.forEach(customizer -> customizer.customize(builder));
        return builder;
    }
}
