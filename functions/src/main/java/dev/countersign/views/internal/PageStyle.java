package dev.countersign.views.internal;

/**
 * The one stylesheet of every page, inlined in a {@code <style>} element and allowed by the CSP through its hash
 * (so no style attribute, no other stylesheet, no external resource). Mobile first: one column, readable at
 * 360 px; long words wrap instead of widening the page. No url(), no @import, no web fonts.
 */
public final class PageStyle {

    /** Exactly the text between {@code <style>} and {@code </style>}: the CSP hash is over these bytes. */
    public static final String CSS = """
            *,*::before,*::after{box-sizing:border-box}\
            html{-webkit-text-size-adjust:100%;text-size-adjust:100%}\
            body{margin:0;background:#f3f4f6;color:#111827;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,\
            Helvetica,Arial,sans-serif;overflow-wrap:anywhere;word-break:break-word}\
            main{max-width:44rem;margin:0 auto;padding:1rem;background:#fff;min-height:100vh}\
            h1{font-size:1.4rem;line-height:1.3;margin:.25rem 0 .75rem}\
            h2{font-size:1.05rem;margin:1.5rem 0 .5rem;padding-top:1rem;border-top:1px solid #e5e7eb}\
            p{margin:.5rem 0}\
            bdi{unicode-bidi:isolate}\
            .brand{font-size:.8rem;font-weight:700;letter-spacing:.06em;text-transform:uppercase;color:#4b5563;margin:0}\
            .kicker{font-size:.9rem;font-weight:600;color:#374151;margin:.75rem 0 0}\
            .notice{border-left:4px solid #2563eb;background:#eff6ff;padding:.75rem 1rem;margin:1rem 0}\
            .notice.warn{border-color:#b45309;background:#fffbeb}\
            .notice.bad{border-color:#b91c1c;background:#fef2f2}\
            .notice.good{border-color:#15803d;background:#f0fdf4}\
            .notice p{margin:.25rem 0}\
            dl{margin:0}\
            dl>div{padding:.45rem 0;border-bottom:1px solid #f3f4f6}\
            dt{font-size:.85rem;color:#4b5563}\
            dd{margin:0}\
            .mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9rem}\
            .pre{white-space:pre-wrap}\
            .muted{color:#4b5563;font-size:.9rem}\
            .risk{display:inline-block;font-weight:700;padding:.15rem .6rem;border-radius:.3rem;border:2px solid}\
            .risk-low{color:#166534;background:#f0fdf4}\
            .risk-medium{color:#854d0e;background:#fefce8}\
            .risk-high{color:#9a3412;background:#fff7ed}\
            .risk-critical{color:#fff;background:#991b1b;border-color:#991b1b}\
            ul,ol{margin:.25rem 0;padding-left:1.25rem}\
            ol.history{list-style:none;padding:0}\
            ol.history li{padding:.45rem 0;border-bottom:1px solid #f3f4f6}\
            label{display:block;font-weight:600;margin:1rem 0 .25rem}\
            textarea,input[type=text],select{display:block;width:100%;font:inherit;padding:.5rem;\
            border:1px solid #6b7280;border-radius:.3rem;background:#fff;color:#111827}\
            .affix{display:flex;align-items:center;gap:.5rem}\
            .affix input{flex:1;min-width:0}\
            .affix-text{font-weight:600}\
            .num{font-variant-numeric:tabular-nums;font-weight:600}\
            .jump{margin:1rem 0}\
            .jump-link{display:inline-block;font-weight:700;padding:.6rem 1rem;border:2px solid #1d4ed8;\
            border-radius:.4rem;text-decoration:none;margin-right:.5rem}\
            .problem h2{margin:0 0 .25rem;padding:0;border:0;font-size:1.05rem;color:#991b1b}\
            .problem:focus{outline:3px solid #f59e0b;outline-offset:2px}\
            textarea{min-height:7rem;resize:vertical}\
            [aria-invalid=true]{border:2px solid #b91c1c}\
            .hint{font-size:.875rem;color:#4b5563;margin:.25rem 0}\
            .error{color:#b91c1c;font-weight:600}\
            details{margin:1rem 0;border:1px solid #e5e7eb;border-radius:.3rem;padding:.5rem .75rem}\
            summary{cursor:pointer;font-weight:600}\
            .actions{display:flex;flex-wrap:wrap;gap:.75rem;margin-top:1.25rem}\
            button{font:inherit;font-weight:700;padding:.75rem 1.5rem;border-radius:.4rem;border:2px solid;cursor:pointer;\
            min-width:9rem}\
            button.approve{background:#15803d;border-color:#15803d;color:#fff}\
            button.reject{background:#fff;border-color:#b91c1c;color:#b91c1c}\
            button:focus-visible,a:focus-visible,textarea:focus-visible,input:focus-visible,select:focus-visible{\
            outline:3px solid #f59e0b;\
            outline-offset:2px}\
            a{color:#1d4ed8}\
            footer{margin-top:2rem;padding-top:1rem;border-top:1px solid #e5e7eb;font-size:.85rem;color:#4b5563}\
            @media (min-width:40rem){main{margin:1.5rem auto;border-radius:.5rem;padding:1.5rem 2rem;min-height:0}}""";

    /**
     * The CSP source for {@link #CSS}: {@code 'sha256-…'} of its UTF-8 bytes. Computed once, at build time, and
     * written here (hashing at class init costs a cold start ~30 ms of security-provider loading);
     * {@code PageStyleTest} recomputes it and prints the new value whenever the stylesheet changes.
     */
    public static final String CSP_SOURCE = "'sha256-ChPI1kvFBGYfwoNMDh4Kq1i8vBe0yOZW3KDSJkAglL0='";

    private PageStyle() {
    }
}
