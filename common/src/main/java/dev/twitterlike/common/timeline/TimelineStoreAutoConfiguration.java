package dev.twitterlike.common.timeline;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The one {@link TimelineStore} of every service with Valkey. */
@AutoConfiguration(after = DataRedisAutoConfiguration.class)
@ConditionalOnBean(StringRedisTemplate.class)
@EnableConfigurationProperties(TimelineStoreProperties.class)
public class TimelineStoreAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TimelineStore timelineStore(StringRedisTemplate redis, TimelineStoreProperties properties) {
        return new TimelineStore(redis, properties);
    }
}
