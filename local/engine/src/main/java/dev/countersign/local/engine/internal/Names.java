package dev.countersign.local.engine.internal;

import dev.countersign.local.engine.InvalidArnException;
import dev.countersign.local.engine.InvalidNameException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** AWS's rules for state machine and execution names and ARNs. */
public final class Names {
    private static final Pattern STATE_MACHINE_ARN =
            Pattern.compile("arn:aws[a-z-]*:states:([a-z0-9-]+):(\\d{12}):stateMachine:([^:]+)");
    private static final Pattern EXECUTION_ARN =
            Pattern.compile("arn:aws[a-z-]*:states:([a-z0-9-]+):(\\d{12}):execution:([^:]+):([^:]+)");
    private static final String FORBIDDEN = "<>{}[]?*\"#%\\^|~`$&,;:/";

    private Names() {
    }

    public static void checkName(String name, String what) {
        if (name == null || name.isEmpty() || name.codePointCount(0, name.length()) > 80) {
            throw new InvalidNameException("Invalid Name: '" + name + "': a " + what + " name must be 1 to 80"
                    + " characters long");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isWhitespace(c) || FORBIDDEN.indexOf(c) >= 0 || c <= 0x1f || (c >= 0x7f && c <= 0x9f)) {
                throw new InvalidNameException("Invalid Name: '" + name + "': a " + what + " name must not contain"
                        + " whitespace, brackets < > { } [ ], wildcards ? *, the characters \" # % \\ ^ | ~ ` $ & , ; :"
                        + " / or control characters (found " + (Character.isWhitespace(c) ? "whitespace"
                        : "'" + c + "'") + ")");
            }
        }
    }

    /** {region, account, name} of a state machine ARN. */
    public static String[] stateMachineArn(String arn) {
        Matcher matcher = arn == null ? null : STATE_MACHINE_ARN.matcher(arn);
        if (matcher == null || !matcher.matches()) {
            throw new InvalidArnException("Invalid Arn: '" + arn + "': expected"
                    + " arn:aws:states:<region>:<account>:stateMachine:<name>");
        }
        return new String[] {matcher.group(1), matcher.group(2), matcher.group(3)};
    }

    /** {region, account, state machine name, execution name} of an execution ARN. */
    public static String[] executionArn(String arn) {
        Matcher matcher = arn == null ? null : EXECUTION_ARN.matcher(arn);
        if (matcher == null || !matcher.matches()) {
            throw new InvalidArnException("Invalid Arn: '" + arn + "': expected"
                    + " arn:aws:states:<region>:<account>:execution:<stateMachineName>:<executionName>");
        }
        return new String[] {matcher.group(1), matcher.group(2), matcher.group(3), matcher.group(4)};
    }
}
