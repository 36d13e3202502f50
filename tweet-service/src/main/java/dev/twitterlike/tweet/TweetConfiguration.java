package dev.twitterlike.tweet;

import dev.twitterlike.common.ids.Snowflake;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;


@Configuration(proxyBeanMethods = false)
class TweetConfiguration {

    @Bean
    Snowflake snowflake(TweetProperties properties) {
        return new Snowflake(properties.workerId());
    }

    /**
     * Jackson turns {@code 123} or {@code true} into the string "123" / "true" by default; a
     * client that sends a number as the tweet's content (or an id as a number, when ids are
     * strings) has a bug we want to tell it about with a 400, not hide.
     */
    @Bean
    JsonMapperBuilderCustomizer strictStrings() {
        return builder -> builder.withCoercionConfig(LogicalType.Textual, config -> config
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }

    /** Before anything reads a body; after the request id filter, so a 413 still carries one. */
    @Bean
    FilterRegistrationBean<RequestBodyGuard> requestBodyGuard(TweetProperties properties) {
        FilterRegistrationBean<RequestBodyGuard> registration =
                new FilterRegistrationBean<>(new RequestBodyGuard(properties.maxJsonBody().toBytes()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

}
