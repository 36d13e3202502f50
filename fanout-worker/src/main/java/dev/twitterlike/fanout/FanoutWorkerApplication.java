package dev.twitterlike.fanout;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Pushes tweet ids into the cached home timelines of followers (fanout on write). */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class FanoutWorkerApplication {

    public static void main(String[] args) {
        SpringApplication.run(FanoutWorkerApplication.class, args);
    }
}
