package dev.twitterlike.common;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** The configuration slice tests in this module start from. */
@SpringBootConfiguration
@EnableAutoConfiguration
class TestApplication {
}
