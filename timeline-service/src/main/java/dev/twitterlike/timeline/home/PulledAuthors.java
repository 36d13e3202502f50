package dev.twitterlike.timeline.home;

import dev.twitterlike.timeline.TimelineProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.Set;

/**
 * The accounts home timelines pull instead of receiving by push: celebrities, and authors
 * demoted within the demotion window. Few, and rarely changing: the whole set is read from
 * PostgreSQL every second (a partial index keeps that cheap) and shared by every read. A newly
 * promoted author's tweets can therefore show up to a second late; nothing is lost, and a
 * demoted author stays pulled for the whole window.
 */
@Component
class PulledAuthors {

    private static final Logger log = LoggerFactory.getLogger(PulledAuthors.class);

    private final TimelineSql sql;
    private final TimelineProperties properties;
    private volatile Set<Long> current;

    PulledAuthors(TimelineSql sql, TimelineProperties properties) {
        this.sql = sql;
        this.properties = properties;
    }

    Set<Long> current() {
        Set<Long> authors = current;
        if (authors == null) {
            authors = sql.pulledAuthors(properties.demotionWindow());
            current = authors;
        }
        return authors;
    }

    @Scheduled(fixedDelay = 1000)
    void refresh() {
        try {
            current = sql.pulledAuthors(properties.demotionWindow());
        } catch (RuntimeException e) {
            log.warn("pulled authors not refreshed: {}", e.toString());
        }
    }
}
