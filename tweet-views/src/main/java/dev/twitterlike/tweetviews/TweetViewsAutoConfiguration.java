package dev.twitterlike.tweetviews;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A {@link TweetViews} for every service with this module and a database. */
@AutoConfiguration(after = JdbcClientAutoConfiguration.class)
@ConditionalOnBean(JdbcClient.class)
public class TweetViewsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TweetViews tweetViews(JdbcClient jdbc) {
        return new TweetViews(jdbc);
    }
}
