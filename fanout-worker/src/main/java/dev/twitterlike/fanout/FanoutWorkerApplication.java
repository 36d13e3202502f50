package dev.twitterlike.fanout;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Pushes tweet ids into the cached home timelines of followers. */
@SpringBootApplication
public class FanoutWorkerApplication {

    public static void main(String[] args) {
        SpringApplication.run(FanoutWorkerApplication.class, args);
    }
}
