package dev.twitterlike.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A line chart as a small standalone SVG: latency (log scale) against offered rate, one line
 * per series, drawn by the bench itself so a result needs no plotting tool. Readable in light
 * and dark themes (the colours are mid-tones on a transparent background, with a white card).
 */
final class Chart {

    record Point(double x, double y) {
    }

    private static final String[] COLOURS = {"#1d6fd6", "#d0561b", "#2c9a4b", "#8a4fc9", "#b8860b", "#c2185b"};
    private static final int WIDTH = 720;
    private static final int HEIGHT = 420;
    private static final int LEFT = 70;
    private static final int RIGHT = 190;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final Map<String, List<Point>> series = new LinkedHashMap<>();
    private final Map<String, Boolean> dashed = new LinkedHashMap<>();

    Chart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    Chart line(String name, List<Point> points, boolean dash) {
        series.put(name, new ArrayList<>(points));
        dashed.put(name, dash);
        return this;
    }

    String svg() {
        double maxX = 1;
        double minY = Double.MAX_VALUE;
        double maxY = 1;
        for (List<Point> points : series.values()) {
            for (Point p : points) {
                maxX = Math.max(maxX, p.x());
                minY = Math.min(minY, p.y());
                maxY = Math.max(maxY, p.y());
            }
        }
        double logMin = Math.floor(Math.log10(Math.max(0.1, minY == Double.MAX_VALUE ? 1 : minY)));
        double logMax = Math.ceil(Math.log10(maxY));
        if (logMax <= logMin) {
            logMax = logMin + 1;
        }
        double xMax = niceCeiling(maxX);
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        s.append(String.format("<rect width=\"%d\" height=\"%d\" rx=\"8\" fill=\"#ffffff\"/>%n", WIDTH, HEIGHT));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"24\" font-size=\"15\" font-weight=\"bold\" fill=\"#1a1a1a\">%s</text>%n", LEFT, escape(title)));
        // y grid: decades and the 2 and 5 in between
        for (double decade = logMin; decade <= logMax; decade++) {
            for (int m : new int[] {1, 2, 5}) {
                double value = m * Math.pow(10, decade);
                double l = Math.log10(value);
                if (l > logMax + 1e-9) {
                    break;
                }
                double y = TOP + plotH - (l - logMin) / (logMax - logMin) * plotH;
                s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#d9d9d9\"/>%n", LEFT, y, LEFT + plotW, y));
                s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#333\">%s</text>%n", LEFT - 6, y + 4, number(value)));
            }
        }
        for (int i = 0; i <= 5; i++) {
            double value = xMax * i / 5;
            double x = LEFT + plotW * i / 5.0;
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eeeeee\"/>%n", x, TOP, x, TOP + plotH));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#333\">%s</text>%n", x, TOP + plotH + 18, number(value)));
        }
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#555\"/>%n", LEFT, TOP, plotW, plotH));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#1a1a1a\">%s</text>%n", LEFT + plotW / 2, HEIGHT - 12, escape(xLabel)));
        s.append(String.format(Locale.ROOT, "<text transform=\"translate(18 %d) rotate(-90)\" text-anchor=\"middle\" fill=\"#1a1a1a\">%s</text>%n", TOP + plotH / 2, escape(yLabel)));
        int i = 0;
        for (Map.Entry<String, List<Point>> e : series.entrySet()) {
            String colour = COLOURS[i % COLOURS.length];
            StringBuilder path = new StringBuilder();
            for (Point p : e.getValue()) {
                double x = LEFT + p.x() / xMax * plotW;
                double y = TOP + plotH - (Math.log10(Math.max(p.y(), Math.pow(10, logMin))) - logMin) / (logMax - logMin) * plotH;
                path.append(path.isEmpty() ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
                s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", x, y, colour));
            }
            s.append(String.format("<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>%n", path, colour,
                    dashed.get(e.getKey()) ? " stroke-dasharray=\"6 4\"" : ""));
            int ly = TOP + 14 + i * 20;
            s.append(String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"%s/>%n", LEFT + plotW + 12, ly,
                    LEFT + plotW + 36, ly, colour, dashed.get(e.getKey()) ? " stroke-dasharray=\"6 4\"" : ""));
            s.append(String.format("<text x=\"%d\" y=\"%d\" fill=\"#1a1a1a\">%s</text>%n", LEFT + plotW + 42, ly + 4, escape(e.getKey())));
            i++;
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static double niceCeiling(double value) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= value) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String number(double value) {
        return value >= 1 && value == Math.rint(value) ? String.format(Locale.ROOT, "%,d", (long) value)
                : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
