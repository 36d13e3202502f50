package dev.twitterlike.graph;

import dev.twitterlike.common.ids.Snowflake;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;


@Configuration(proxyBeanMethods = false)
class GraphConfiguration {

    @Bean
    Snowflake snowflake(GraphProperties properties) {
        return new Snowflake(properties.workerId());
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder(10);
    }

}
