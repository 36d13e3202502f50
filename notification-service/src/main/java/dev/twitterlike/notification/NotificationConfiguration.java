package dev.twitterlike.notification;

import dev.twitterlike.common.ids.Snowflake;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class NotificationConfiguration {

    @Bean
    Snowflake snowflake(NotificationProperties properties) {
        return new Snowflake(properties.workerId());
    }
}
