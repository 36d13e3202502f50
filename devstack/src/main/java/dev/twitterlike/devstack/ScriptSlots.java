package dev.twitterlike.devstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The static half of the cluster rule for Lua scripts (docs/cluster.md, "One slot per script"): a
 * script either takes its keys from {@code KEYS}, which Valkey Cluster checks itself (CROSSSLOT
 * when they hash to two slots), or builds key names, and then every name it builds must begin
 * with one and the same hash tag, and the script must declare a key (which routes the call to
 * the node of that tag's slot). A Valkey Cluster refuses a script's access to a key another node
 * holds, but a key of another slot on the same node goes through unnoticed until the slots move:
 * that is what this check catches.
 */
public final class ScriptSlots {

    /** A string literal that begins like a key name: {@code 'trends:'}, {@code '{trends}:seen:'}. */
    private static final Pattern KEY_LITERAL = Pattern.compile("(['\"])(\\{?[a-z][a-z0-9_-]*}?:[^'\"]*)\\1");
    private static final Pattern TAG = Pattern.compile("^\\{([^}]+)}:");

    private ScriptSlots() {
    }

    /** What breaks the rule in this script's text; empty when it holds. */
    public static List<String> problems(String lua) {
        String code = lua.replaceAll("--[^\\n]*", "");
        List<String> problems = new ArrayList<>();
        Set<String> tags = new TreeSet<>();
        Matcher literal = KEY_LITERAL.matcher(code);
        while (literal.find()) {
            String name = literal.group(2);
            Matcher tag = TAG.matcher(name);
            if (tag.find()) {
                tags.add(tag.group(1));
            } else {
                problems.add("builds the key '" + name + "...' without a hash tag: it may hash to any slot");
            }
        }
        if (tags.size() > 1) {
            problems.add("builds keys with different hash tags " + tags + ": two slots");
        }
        if ((!tags.isEmpty() || !problems.isEmpty()) && !code.contains("KEYS[")) {
            problems.add("builds keys but declares none: a cluster client cannot route it to their node");
        }
        return problems;
    }
}
