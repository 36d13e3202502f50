package dev.twitterlike.tweet.text;

import dev.twitterlike.common.web.Problems;

import java.text.Normalizer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tweet's text as stored: NFC-normalised and trimmed, 1 to 280 Unicode code points (what
 * PostgreSQL's {@code VARCHAR(280)} counts, so 280 emoji fit), with the hashtags and mentioned
 * usernames found in it.
 *
 * <p>A hashtag is {@code #} (or the full-width {@code ＃}) followed by letters, marks, digits or
 * underscores in any script, containing at least one letter ({@code #2024} and the keycap emoji
 * {@code #️⃣} are not hashtags, as on Twitter), and not glued to a preceding word character
 * ({@code a#b} is not one). It is stored lower-cased and NFKC-normalised without the {@code #},
 * so {@code #Café}, {@code #CAFÉ} and the full-width {@code #ｃａｆé} are one tag. At most 10 distinct
 * tags are kept per tweet; further ones stay in the text but are not indexed.
 *
 * <p>A mention is {@code @} followed by a username (1 to 15 ASCII letters, digits or underscores)
 * that is not part of a longer word, so e-mail addresses are not mentions.
 */
public record TweetText(String content, List<String> hashtags, List<String> mentionedUsernames) {

    public static final int MAX_LENGTH = 280;
    public static final int MAX_HASHTAGS = 10;

    private static final String WORD = "\\p{L}\\p{M}\\p{N}_";
    private static final Pattern HASHTAG = Pattern.compile("(?<![" + WORD + "&#＃])[#＃]([" + WORD + "]+)");
    private static final Pattern TAG = Pattern.compile("[" + WORD + "]*\\p{L}[" + WORD + "]*");
    private static final Pattern MENTION = Pattern.compile("(?<![" + WORD + "@＠])[@＠]([A-Za-z0-9_]{1,15})(?![" + WORD + "@＠])");
    /** Only spaces, separators and invisible format characters (zero-width space, joiners, BOM). */
    private static final Pattern BLANK = Pattern.compile("[\\s\\p{Z}\\p{Cf}]*");
    /** Control characters other than tab and line breaks; PostgreSQL refuses NUL outright. */
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}&&[^\\t\\n\\r]]");

    /** Normalises and checks the content; a 400 naming {@code content} when it is not a valid tweet. */
    public static TweetText parse(String raw) {
        if (raw == null) {
            throw invalid("is required");
        }
        if (hasLoneSurrogate(raw)) {
            throw invalid("is not valid Unicode text");
        }
        if (CONTROL.matcher(raw).find()) {
            throw invalid("must not contain control characters");
        }
        String content = Normalizer.normalize(raw, Normalizer.Form.NFC).strip();
        if (BLANK.matcher(content).matches()) {
            throw invalid("must not be blank");
        }
        int length = content.codePointCount(0, content.length());
        if (length > MAX_LENGTH) {
            throw invalid("must be at most " + MAX_LENGTH + " characters (it has " + length + ")");
        }
        return new TweetText(content, hashtagsOf(content), mentionsOf(content));
    }

    /**
     * A tag as a search names it ({@code Café}, {@code #café}...) in its stored form; empty when
     * it is not something a hashtag could be.
     */
    public static Optional<String> normaliseHashtag(String tag) {
        if (tag == null) {
            return Optional.empty();
        }
        String bare = tag.startsWith("#") || tag.startsWith("＃") ? tag.substring(1) : tag;
        if (hasLoneSurrogate(bare) || bare.codePointCount(0, bare.length()) > MAX_LENGTH || !TAG.matcher(bare).matches()) {
            return Optional.empty();
        }
        return Optional.of(normalise(bare));
    }

    private static List<String> hashtagsOf(String content) {
        Set<String> tags = new LinkedHashSet<>();
        Matcher m = HASHTAG.matcher(content);
        while (m.find() && tags.size() < MAX_HASHTAGS) {
            if (TAG.matcher(m.group(1)).matches()) {
                tags.add(normalise(m.group(1)));
            }
        }
        return List.copyOf(tags);
    }

    private static List<String> mentionsOf(String content) {
        Map<String, String> byLowerCase = new java.util.LinkedHashMap<>();
        Matcher m = MENTION.matcher(content);
        while (m.find()) {
            byLowerCase.putIfAbsent(m.group(1).toLowerCase(Locale.ROOT), m.group(1));
        }
        return List.copyOf(byLowerCase.values());
    }

    private static String normalise(String tag) {
        return Normalizer.normalize(tag, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return true;
            }
            if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static RuntimeException invalid(String message) {
        return Problems.invalid(Map.of("content", message));
    }
}
