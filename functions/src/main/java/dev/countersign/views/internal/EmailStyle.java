package dev.countersign.views.internal;

import dev.countersign.views.RiskBadge;

/**
 * Inline styles of the HTML emails (mail clients drop or rewrite {@code <style>} blocks, so every element carries
 * its own). One column, max 600 px, system fonts, nothing loaded from anywhere. Every block that can hold proposal
 * text wraps anywhere, so a 10,000-character word cannot widen the layout.
 */
public final class EmailStyle {

    private static final String WRAP = "overflow-wrap:anywhere;word-wrap:break-word;word-break:break-word;";
    private static final String FONT = "font-family:-apple-system,BlinkMacSystemFont,Segoe UI,Roboto,Helvetica,Arial,"
            + "sans-serif;";
    private static final String MONO = "font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;";

    public static final String BODY = "margin:0;padding:0;background-color:#f3f4f6;";
    public static final String PREHEADER = "display:none;max-height:0;max-width:0;overflow:hidden;opacity:0;"
            + "font-size:1px;line-height:1px;color:#f3f4f6;";
    public static final String CONTAINER = "max-width:600px;margin:0 auto;padding:20px 16px;background-color:#ffffff;"
            + "color:#111827;font-size:16px;line-height:1.5;" + FONT + WRAP;
    public static final String BRAND = "margin:0 0 12px;font-size:12px;font-weight:700;letter-spacing:1px;"
            + "text-transform:uppercase;color:#4b5563;";
    public static final String KICKER = "margin:0;font-size:14px;font-weight:600;color:#374151;";
    public static final String H1 = "margin:4px 0 12px;font-size:22px;line-height:1.3;font-weight:700;color:#111827;"
            + WRAP;
    public static final String H2 = "margin:24px 0 8px;padding-top:12px;border-top:1px solid #e5e7eb;font-size:17px;"
            + "font-weight:700;color:#111827;";
    public static final String P = "margin:8px 0;" + WRAP;
    public static final String PRE = "margin:8px 0;white-space:pre-wrap;" + WRAP;
    public static final String MUTED = "margin:8px 0;font-size:14px;color:#4b5563;" + WRAP;
    public static final String NOTICE = "margin:12px 0;padding:10px 14px;border-left:4px solid #2563eb;"
            + "background-color:#eff6ff;" + WRAP;
    public static final String NOTICE_WARN = "margin:12px 0;padding:10px 14px;border-left:4px solid #b45309;"
            + "background-color:#fffbeb;" + WRAP;
    public static final String NOTICE_GOOD = "margin:12px 0;padding:10px 14px;border-left:4px solid #15803d;"
            + "background-color:#f0fdf4;" + WRAP;
    public static final String NOTICE_BAD = "margin:12px 0;padding:10px 14px;border-left:4px solid #b91c1c;"
            + "background-color:#fef2f2;" + WRAP;
    public static final String ROW = "padding:6px 0;border-bottom:1px solid #f3f4f6;" + WRAP;
    public static final String ROW_LABEL = "font-size:13px;color:#4b5563;" + WRAP;
    public static final String ROW_LABEL_MONO = "font-size:13px;color:#4b5563;" + MONO + WRAP;
    public static final String ROW_VALUE = WRAP;
    public static final String ROW_VALUE_MONO = "font-size:14px;white-space:pre-wrap;" + MONO + WRAP;
    public static final String BUTTON_BOX = "margin:20px 0 8px;";
    public static final String BUTTON = "display:inline-block;padding:12px 22px;border-radius:6px;"
            + "background-color:#1d4ed8;color:#ffffff;font-size:16px;font-weight:700;text-decoration:none;";
    public static final String LINK = "color:#1d4ed8;" + WRAP;
    public static final String LIST = "margin:8px 0;padding-left:20px;" + WRAP;
    public static final String FOOTER = "margin-top:28px;padding-top:12px;border-top:1px solid #e5e7eb;font-size:13px;"
            + "color:#4b5563;" + WRAP;

    private EmailStyle() {
    }

    /** The risk badge: text and meter carry the level; colour only repeats it. */
    public static String risk(RiskBadge level) {
        String colours = switch (level) {
            case LOW -> "color:#166534;background-color:#f0fdf4;border:2px solid #166534;";
            case MEDIUM -> "color:#854d0e;background-color:#fefce8;border:2px solid #854d0e;";
            case HIGH -> "color:#9a3412;background-color:#fff7ed;border:2px solid #9a3412;";
            case CRITICAL -> "color:#ffffff;background-color:#991b1b;border:2px solid #991b1b;";
        };
        return "display:inline-block;padding:2px 10px;border-radius:4px;font-weight:700;" + colours;
    }
}
