package dev.twitterlike.trend;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Trending hashtags: one-minute buckets, decay, velocity, locations. */
@SpringBootApplication
public class TrendServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(TrendServiceApplication.class, args);
    }
}
