package dev.countersign.local.runtime.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The one stylesheet of the local pages (the mailbox and the console), inlined and allowed by the CSP through its hash
 * (no style attributes, nothing loaded). Computed at class load: the local runtime has no cold-start budget. On a
 * phone the console's tables become one block per row, each value under its column's name ({@code data-label}).
 */
public final class MailboxStyle {

    /** Exactly the text between {@code <style>} and {@code </style>}. */
    public static final String CSS = """
            *,*::before,*::after{box-sizing:border-box}\
            body{margin:0;background:#f3f4f6;color:#111827;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,\
            Helvetica,Arial,sans-serif;overflow-wrap:anywhere;word-break:break-word}\
            main{max-width:56rem;margin:0 auto;padding:1rem;background:#fff;min-height:100vh}\
            h1{font-size:1.35rem;line-height:1.3;margin:.25rem 0 .75rem}\
            h2{font-size:1.05rem;margin:1.5rem 0 .5rem;padding-top:1rem;border-top:1px solid #e5e7eb}\
            bdi{unicode-bidi:isolate}\
            .brand{font-size:.8rem;font-weight:700;letter-spacing:.06em;text-transform:uppercase;margin:0}\
            .brand a{color:#4b5563;text-decoration:none}\
            .muted{color:#4b5563;font-size:.9rem}\
            .meta{display:block;color:#4b5563;font-size:.85rem}\
            ol.messages{list-style:none;padding:0;margin:0}\
            ol.messages li{padding:.6rem 0;border-bottom:1px solid #e5e7eb}\
            ol.messages a{font-weight:600}\
            dl{margin:0}\
            dl>div{padding:.3rem 0;border-bottom:1px solid #f3f4f6}\
            dt{font-size:.8rem;color:#4b5563}\
            dd{margin:0}\
            .mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85rem}\
            iframe.html-part{display:block;width:100%;height:75vh;border:1px solid #d1d5db;border-radius:.3rem;\
            background:#fff}\
            pre.text-part{white-space:pre-wrap;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;\
            font-size:.85rem;background:#f9fafb;border:1px solid #e5e7eb;border-radius:.3rem;padding:.75rem}\
            a{color:#1d4ed8}\
            footer{margin-top:2rem;padding-top:1rem;border-top:1px solid #e5e7eb;font-size:.8rem;color:#4b5563}\
            main.wide{max-width:80rem}\
            table.list{width:100%;border-collapse:collapse;font-size:.9rem}\
            table.list th{text-align:left;font-size:.8rem;color:#4b5563;border-bottom:2px solid #e5e7eb;padding:.3rem;\
            overflow-wrap:normal;word-break:normal}\
            table.list td{vertical-align:top;border-bottom:1px solid #e5e7eb;padding:.4rem .3rem;\
            overflow-wrap:normal;word-break:normal}\
            table.list td.wrap{overflow-wrap:anywhere}\
            table.list time,.risk,.outcome{white-space:nowrap}\
            table.trail td.mono{font-size:.75rem;white-space:pre-wrap}\
            .overdue{color:#b91c1c;font-weight:600}\
            .risk,.outcome{display:inline-block;padding:0 .4rem;border-radius:.25rem;font-size:.8rem;\
            background:#e5e7eb}\
            .risk-high,.risk-critical,.outcome-REJECTED,.outcome-TIMED_OUT{background:#fee2e2;color:#991b1b}\
            .risk-medium,.outcome-CANCELLED{background:#fef3c7;color:#92400e}\
            .outcome-APPROVED{background:#dcfce7;color:#166534}\
            .chain{padding:.5rem .75rem;border-radius:.3rem}\
            .chain span{display:block;font-size:.85rem}\
            .chain-intact{background:#dcfce7;color:#166534}\
            .chain-broken{background:#fee2e2;color:#991b1b}\
            @media (max-width:39.99rem){table.list thead{display:none}\
            table.list,table.list tbody,table.list tr,table.list td{display:block;width:100%}\
            table.list tr{border-bottom:2px solid #e5e7eb;padding:.4rem 0}\
            table.list td{border:0;padding:.15rem 0;overflow-wrap:anywhere}\
            table.list td::before{content:attr(data-label);display:block;font-size:.75rem;color:#4b5563}}\
            @media (min-width:40rem){main{margin:1.5rem auto;border-radius:.5rem;padding:1.5rem 2rem;min-height:0}}""";

    /** {@code 'sha256-…'} of {@link #CSS}, for the pages' {@code style-src}. */
    public static final String CSP_SOURCE = "'sha256-" + sha256(CSS) + "'";

    private MailboxStyle() {
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
