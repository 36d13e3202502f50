package dev.twitterlike.trend;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Trending hashtags: one-minute buckets, decay, velocity, locations. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class TrendServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(TrendServiceApplication.class, args);
    }
}
