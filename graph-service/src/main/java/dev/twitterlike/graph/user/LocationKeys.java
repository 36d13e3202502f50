package dev.twitterlike.graph.user;

import java.text.Normalizer;
import java.util.Locale;

/** "São Paulo, BR" -> "sao-paulo-br": the key location trends group authors by. */
public final class LocationKeys {

    private LocationKeys() {
    }

    public static String of(String location) {
        if (location == null || location.isBlank()) {
            return null;
        }
        String ascii = Normalizer.normalize(location, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        String key = ascii.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", "-").replaceAll("^-+|-+$", "");
        if (key.length() > 30) {
            key = key.substring(0, 30).replaceAll("-+$", "");
        }
        return key.isEmpty() ? null : key;
    }
}
