package dev.countersign.core.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.util.ArrayList;
import java.util.List;

/** Text that is not one well-formed JSON document; says where (line, column and the path reached). */
public final class InvalidJsonException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String problem;
    private final int line;
    private final int column;
    private final transient NodePath path;

    InvalidJsonException(String problem, int line, int column, NodePath path) {
        super(problem + " (line " + line + ", column " + column + ", at " + path + ")");
        this.problem = problem;
        this.line = line;
        this.column = column;
        this.path = path;
    }

    static InvalidJsonException from(JsonProcessingException e, JsonParser parser) {
        JsonLocation at = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
        int line = at == null ? 0 : at.getLineNr();
        int column = at == null ? 0 : at.getColumnNr();
        String problem;
        if (e instanceof StreamConstraintsException) {
            problem = "nesting is deeper than " + Json.MAX_NESTING_DEPTH + " levels; flatten the structure";
        } else {
            problem = "is not valid JSON: " + firstLine(e.getOriginalMessage());
        }
        return new InvalidJsonException(problem, line, column, pathOf(parser.getParsingContext()));
    }

    static InvalidJsonException at(JsonParser parser, String problem) {
        JsonLocation at = parser.currentLocation();
        return new InvalidJsonException(problem, at.getLineNr(), at.getColumnNr(), NodePath.root());
    }

    private static NodePath pathOf(JsonStreamContext context) {
        List<JsonStreamContext> chain = new ArrayList<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            chain.add(c);
        }
        NodePath path = NodePath.root();
        for (int i = chain.size() - 1; i >= 0; i--) {
            JsonStreamContext c = chain.get(i);
            if (c.inArray()) {
                if (c.getCurrentIndex() < 0) {
                    break;
                }
                path = path.index(c.getCurrentIndex());
            } else if (c.getCurrentName() != null) {
                path = path.key(c.getCurrentName());
            } else {
                break;
            }
        }
        return path;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable input";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** What is wrong, without the location. */
    public String problem() {
        return problem;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** The deepest complete path the parser had reached when it stopped. */
    public NodePath path() {
        return path;
    }
}
