package dev.twitterlike.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Grouped bars as a small standalone SVG, the companion of {@link Chart} (same card, colours
 * and fonts): one group per category (a fanout mode), one bar per series in it, a linear axis
 * from zero, each bar labelled with its value.
 */
final class BarChart {

    private static final String[] COLOURS = {"#1d6fd6", "#d0561b", "#2c9a4b", "#8a4fc9", "#b8860b", "#c2185b"};
    private static final int WIDTH = 720;
    private static final int HEIGHT = 380;
    private static final int LEFT = 70;
    private static final int RIGHT = 170;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;

    private final String title;
    private final String yLabel;
    private final List<String> categories;
    private final Map<String, double[]> series = new LinkedHashMap<>();

    BarChart(String title, String yLabel, List<String> categories) {
        this.title = title;
        this.yLabel = yLabel;
        this.categories = new ArrayList<>(categories);
    }

    /** One bar per category, in the categories' order. */
    BarChart series(String name, double... values) {
        if (values.length != categories.size()) {
            throw new IllegalArgumentException(name + ": " + values.length + " values for " + categories.size() + " categories");
        }
        series.put(name, values.clone());
        return this;
    }

    String svg() {
        double max = 0;
        for (double[] values : series.values()) {
            for (double v : values) {
                max = Math.max(max, v);
            }
        }
        double top = niceCeiling(max);
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        s.append(String.format("<rect width=\"%d\" height=\"%d\" rx=\"8\" fill=\"#ffffff\"/>%n", WIDTH, HEIGHT));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"24\" font-size=\"15\" font-weight=\"bold\" fill=\"#1a1a1a\">%s</text>%n",
                LEFT, escape(title)));
        for (int i = 0; i <= 5; i++) {
            double value = top * i / 5;
            double y = TOP + plotH - plotH * i / 5.0;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#d9d9d9\"/>%n", LEFT, y, LEFT + plotW, y));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#333\">%s</text>%n", LEFT - 6, y + 4, number(value)));
        }
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#555\"/>%n", LEFT, TOP, plotW, plotH));
        s.append(String.format(Locale.ROOT, "<text transform=\"translate(18 %d) rotate(-90)\" text-anchor=\"middle\" fill=\"#1a1a1a\">%s</text>%n",
                TOP + plotH / 2, escape(yLabel)));
        double groupW = plotW / (double) categories.size();
        double barW = groupW * 0.8 / Math.max(1, series.size());
        for (int c = 0; c < categories.size(); c++) {
            double groupX = LEFT + groupW * c + groupW * 0.1;
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#1a1a1a\">%s</text>%n",
                    LEFT + groupW * (c + 0.5), TOP + plotH + 18, escape(categories.get(c))));
            int i = 0;
            for (double[] values : series.values()) {
                double h = top == 0 ? 0 : values[c] / top * plotH;
                double x = groupX + barW * i;
                s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>%n",
                        x, TOP + plotH - h, barW - 2, h, COLOURS[i % COLOURS.length]));
                s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"10\" fill=\"#1a1a1a\">%s</text>%n",
                        x + barW / 2 - 1, TOP + plotH - h - 4, number(values[c])));
                i++;
            }
        }
        int i = 0;
        for (String name : series.keySet()) {
            int ly = TOP + 14 + i * 20;
            s.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"10\" fill=\"%s\"/>%n", LEFT + plotW + 12, ly - 8,
                    COLOURS[i % COLOURS.length]));
            s.append(String.format("<text x=\"%d\" y=\"%d\" fill=\"#1a1a1a\">%s</text>%n", LEFT + plotW + 32, ly + 1, escape(name)));
            i++;
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static double niceCeiling(double value) {
        if (value <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= value) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String number(double value) {
        if (value >= 100 || value == Math.rint(value)) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
