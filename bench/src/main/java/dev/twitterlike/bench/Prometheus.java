package dev.twitterlike.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads figures out of a service's Prometheus text ({@code /actuator/prometheus}). */
final class Prometheus {

    private Prometheus() {
    }

    /**
     * The sum of every series the pattern matches (its group 1 is the value): a metric with tags
     * (the fanout's {@code tier}) is one series per tag value.
     */
    static double sum(Pattern series, String text) {
        Matcher m = series.matcher(text);
        double total = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return total;
    }

    /** The sum of the series of {@code metric} whose labels contain {@code labels} (e.g. {@code tier="influencer"}; empty: all). */
    static double sum(String text, String metric, String labels) {
        Pattern series = Pattern.compile("(?m)^" + Pattern.quote(metric) + "\\{([^}]*)} ([0-9.E+-]+|NaN)$");
        Matcher m = series.matcher(text);
        double total = 0;
        while (m.find()) {
            if ((labels.isEmpty() || m.group(1).contains(labels)) && !m.group(2).equals("NaN")) {
                total += Double.parseDouble(m.group(2));
            }
        }
        return total;
    }
}
