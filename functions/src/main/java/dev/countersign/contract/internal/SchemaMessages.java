package dev.countersign.contract.internal;

import dev.countersign.core.text.DidYouMean;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import dev.countersign.contract.Violation;
import dev.countersign.core.json.NodePath;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the schema validator's errors into our messages: the path of the offending value (for a missing or
 * unknown member, the member's own path), what is wrong with numbers and an excerpt, and what to do. A
 * property's {@code x-countersign-hint} in the schema supplies the remedy where one fits.
 */
public final class SchemaMessages {
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");
    private static final Pattern HTTP_SCHEME = Pattern.compile("^[Hh][Tt][Tt][Pp][Ss]?://");

    private final JsonNode schema;

    public SchemaMessages(JsonNode schema) {
        this.schema = schema;
    }

    public Violation rewrite(Error error) {
        NodePath at = instancePath(error.getInstanceLocation());
        List<String> location = schemaLocation(error);
        JsonNode owner = schemaAt(location.subList(0, Math.max(0, location.size() - 1)));
        JsonNode value = error.getInstanceNode();
        String keyword = error.getKeyword() == null ? "" : error.getKeyword();
        switch (keyword) {
            case "required": {
                String name = error.getProperty();
                String about = firstSentence(owner.path("properties").path(name).path("description").asText(""));
                return new Violation(at.key(name).toString(), "is missing; add it" + (about.isEmpty() ? ""
                        : " — " + about));
            }
            case "additionalProperties": {
                String name = error.getProperty();
                List<String> known = names(owner.path("properties"));
                String suggestion = DidYouMean.closest(name, known);
                return new Violation(at.key(name).toString(), "is not a known field"
                        + (suggestion != null ? "; did you mean \"" + suggestion + "\"?" : "; remove it")
                        + " (known here: " + String.join(", ", known) + ")");
            }
            case "type":
                return new Violation(at.toString(), "must be " + expectedTypes(error.getSchemaNode()) + "; got "
                        + Texts.describe(value) + (value != null && value.isNull()
                        ? " — leave an optional field out instead of sending null" : ""));
            case "enum": {
                List<String> allowed = new ArrayList<>();
                error.getSchemaNode().forEach(v -> allowed.add(v.asText()));
                String suggestion = value != null && value.isTextual() ? caseInsensitive(value.textValue(), allowed)
                        : null;
                return new Violation(at.toString(), "must be one of " + Texts.either(allowed) + "; got "
                        + Texts.describe(value) + (suggestion != null ? " — did you mean \"" + suggestion + "\"?" : ""));
            }
            case "const":
                return new Violation(at.toString(), "must be \"" + error.getSchemaNode().asText() + "\" here; got "
                        + Texts.describe(value) + hint(owner, "; "));
            case "maxLength": {
                String text = value.textValue();
                return new Violation(at.toString(), "is " + Texts.count(text.codePointCount(0, text.length()))
                        + " characters; the limit is " + Texts.count(error.getSchemaNode().asLong())
                        + hint(owner, " — ", "shorten it"));
            }
            case "minLength":
                return new Violation(at.toString(), "must have at least "
                        + Texts.count(error.getSchemaNode().asLong()) + " character(s); give a value");
            case "maxItems":
                return new Violation(at.toString(), "has " + Texts.count(value.size()) + " items; the limit is "
                        + Texts.count(error.getSchemaNode().asLong()) + hint(owner, " — ", "remove some"));
            case "minItems":
                return new Violation(at.toString(), value.size() == 0
                        ? "is an empty list; leave the field out instead, or give at least "
                                + Texts.count(error.getSchemaNode().asLong()) + " item(s)"
                        : "has " + Texts.count(value.size()) + " items; it needs at least "
                                + Texts.count(error.getSchemaNode().asLong()));
            case "maxProperties":
                return new Violation(at.toString(), error.getSchemaNode().asLong() == 0
                        ? "must be {} here" + hint(owner, "; ")
                        : "has " + Texts.count(value.size()) + " members; the limit is "
                                + Texts.count(error.getSchemaNode().asLong()) + hint(owner, " — ", ""));
            case "uniqueItems":
                return new Violation(at.toString(), "lists " + firstDuplicate(value) + " more than once; give each"
                        + " value once");
            case "minimum":
                return new Violation(at.toString(), "must be at least " + error.getSchemaNode().asText() + "; got "
                        + Texts.describe(value));
            case "maximum":
                return new Violation(at.toString(), "must be at most " + error.getSchemaNode().asText() + "; got "
                        + Texts.describe(value));
            case "pattern":
                return new Violation(at.toString(), patternMessage(location, owner, value.textValue()));
            default:
                return new Violation(at.toString(), "breaks the schema rule \"" + keyword + "\": "
                        + error.getMessage());
        }
    }

    private String patternMessage(List<String> location, JsonNode owner, String text) {
        String def = location.size() >= 3 && location.get(0).equals("$defs") ? location.get(1) : "";
        switch (def) {
            case "line": {
                int[] bad = firstForbidden(text, false);
                return "must be one line of plain text; it contains " + Texts.character(bad[1]) + " at character "
                        + Texts.count(bad[0]) + " — remove it";
            }
            case "text": {
                int[] bad = firstForbidden(text, true);
                return "contains " + Texts.character(bad[1]) + " at character " + Texts.count(bad[0])
                        + "; only printable text, tabs and line breaks are allowed — remove it";
            }
            case "filledLine":
            case "filledText":
                return "is empty or only white space; give a value";
            case "token":
                return "must start with a letter or digit and use only letters, digits and . _ : / + = @ -; got "
                        + Texts.quote(text) + firstOutside(text);
            case "email":
                return "must be an email address such as name@example.com; got " + Texts.quote(text);
            case "instant":
                return "must be an RFC 3339 UTC timestamp such as 2026-11-24T19:05:00Z; got " + Texts.quote(text);
            case "url":
                return urlMessage(text);
            default:
                return "does not have the required form; got " + Texts.quote(text) + hint(owner, " — ", "");
        }
    }

    private static String urlMessage(String url) {
        Matcher scheme = SCHEME.matcher(url);
        int backslash = url.indexOf('\\');
        if (backslash >= 0 && scheme.find() && scheme.group(1).toLowerCase(Locale.ROOT).startsWith("http")) {
            // "https:\\evil.example" or "https:/\\evil.example": browsers read a backslash as a slash, so where it
            // leads depends on the reader; the scheme is fine, the backslash is the problem.
            return "must not contain a backslash (character " + (backslash + 1) + "); write the URL with / only, e.g."
                    + " https://host/path";
        }
        scheme.reset();
        if (!HTTP_SCHEME.matcher(url).find()) {
            if (scheme.find()) {
                return "must be an http or https URL; got a " + scheme.group(1).toLowerCase(Locale.ROOT) + ": URL";
            }
            return "must be an absolute http or https URL, starting with https://; got " + Texts.quote(url);
        }
        String rest = url.substring(url.indexOf("://") + 3);
        int end = 0;
        while (end < rest.length() && "/?#".indexOf(rest.charAt(end)) < 0) {
            end++;
        }
        String authority = rest.substring(0, end);
        if (authority.indexOf('@') >= 0) {
            return "must not have a user name before the host: " + Texts.quote(url) + " leads to "
                    + Texts.quote(authority.substring(authority.lastIndexOf('@') + 1))
                    + ", whatever comes before the @ — link to the host directly";
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (Character.isWhitespace(c)) {
                return "must not contain white space (" + Texts.character(c) + " at character " + (i + 1)
                        + "); percent-encode it, for example a space as %20";
            }
            if (c == '\\') {
                return "must not contain a backslash (character " + (i + 1) + "); use / in URLs";
            }
        }
        return "is not a valid http or https URL (it needs a host after //); got " + Texts.quote(url);
    }

    // {position from 1, code point} of the first character the line or text rule forbids.
    private static int[] firstForbidden(String text, boolean multiLine) {
        int position = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            position++;
            boolean allowedBreak = multiLine && (c == '\t' || c == '\n' || c == '\r');
            boolean forbidden = !allowedBreak && (c < 0x20 || (c >= 0x7f && c <= 0x9f)
                    || (!multiLine && (c == 0x2028 || c == 0x2029))
                    || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069));
            if (forbidden) {
                return new int[] {position, c};
            }
            i += Character.charCount(c);
        }
        return new int[] {0, '?'}; // not reached for text the pattern rejected
    }

    private static String firstOutside(String text) {
        int position = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            position++;
            boolean letterOrDigit = c < 128 && Character.isLetterOrDigit(c);
            if (position == 1 ? !letterOrDigit : !(letterOrDigit || "._:/+=@-".indexOf(c) >= 0)) {
                return " (" + Texts.character(c) + " at character " + position + ")";
            }
            i += Character.charCount(c);
        }
        return "";
    }

    private static String caseInsensitive(String given, List<String> allowed) {
        for (String candidate : allowed) {
            if (candidate.equalsIgnoreCase(given.trim())) {
                return candidate;
            }
        }
        return null;
    }

    private static String firstDuplicate(JsonNode array) {
        Set<JsonNode> seen = new HashSet<>();
        for (JsonNode item : array) {
            if (!seen.add(item)) {
                return item.isTextual() ? Texts.quote(item.textValue()) : Texts.describe(item);
            }
        }
        return "a value";
    }

    private static String expectedTypes(JsonNode types) {
        if (types.isArray()) {
            List<String> names = new ArrayList<>();
            types.forEach(t -> names.add(Texts.typeName(t.asText())));
            return Texts.either(names);
        }
        return Texts.typeName(types.asText());
    }

    private static String hint(JsonNode owner, String separator) {
        return hint(owner, separator, "");
    }

    private static String hint(JsonNode owner, String separator, String fallback) {
        String hint = owner.path("x-countersign-hint").asText(fallback);
        return hint.isEmpty() ? "" : separator + hint;
    }

    private static String firstSentence(String description) {
        int end = description.indexOf(". ");
        String sentence = end < 0 ? description : description.substring(0, end);
        if (sentence.endsWith(".")) {
            sentence = sentence.substring(0, sentence.length() - 1);
        }
        return sentence.isEmpty() ? "" : Character.toLowerCase(sentence.charAt(0)) + sentence.substring(1);
    }

    private static List<String> names(JsonNode properties) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = properties.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static NodePath instancePath(com.networknt.schema.path.NodePath location) {
        NodePath path = NodePath.root();
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            path = element instanceof Integer ? path.index((Integer) element) : path.key(String.valueOf(element));
        }
        return path;
    }

    private static List<String> schemaLocation(Error error) {
        List<String> steps = new ArrayList<>();
        com.networknt.schema.path.NodePath fragment = error.getSchemaLocation().getFragment();
        for (int i = 0; i < fragment.getNameCount(); i++) {
            steps.add(String.valueOf(fragment.getElement(i)));
        }
        return steps;
    }

    private JsonNode schemaAt(List<String> steps) {
        JsonNode node = schema;
        for (String step : steps) {
            node = node.isArray() ? node.path(Integer.parseInt(step)) : node.path(step);
        }
        return node;
    }
}
