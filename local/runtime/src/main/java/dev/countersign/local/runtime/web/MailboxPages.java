package dev.countersign.local.runtime.web;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.countersign.local.runtime.generated.JtemailboxGenerated;
import dev.countersign.local.runtime.generated.JtemessageGenerated;
import dev.countersign.local.runtime.generated.JtenotfoundGenerated;
import dev.countersign.local.ses.CapturedEmail;
import dev.countersign.local.ses.Mailbox;
import dev.countersign.views.PageText;
import gg.jte.output.StringOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local mailbox on the web port: {@code /mailbox} lists every captured email newest first (subject, recipients,
 * time); {@code /mailbox/messages/<id>} shows one, its HTML part in a sandboxed frame (no {@code allow-scripts}, a
 * CSP without script) and its text part as text; {@code /mailbox/messages/<id>/html} serves that HTML part to the
 * frame, sandboxed by its own CSP too, so opening it directly runs nothing either.
 *
 * <p>Every value from a message is neutralised ({@link PageText}) and escaped by jte, as the review pages are.
 */
public final class MailboxPages implements HttpHandler {
    public static final String CONTEXT = "/mailbox";
    private static final String MESSAGES = "/mailbox/messages/";
    private static final Pattern MESSAGE_PATH = Pattern.compile("/mailbox/messages/([A-Za-z0-9-]{1,128})(/html)?");
    private static final Pattern HEAD_TAG = Pattern.compile("<head(\\s[^>]*)?>", Pattern.CASE_INSENSITIVE);
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'",
            Locale.ROOT).withZone(ZoneOffset.UTC);

    /** The mailbox pages: no script, only our hashed stylesheet, frames only from this origin, never framed. */
    public static final String PAGE_POLICY = "default-src 'none'; style-src " + MailboxStyle.CSP_SOURCE
            + "; frame-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";
    /**
     * A message's HTML part: sandboxed even when opened on its own (no script, no forms, no same-origin access);
     * links may open a new tab outside the sandbox; inline styles (emails use style attributes) and data: images
     * only; only the mailbox page may frame it.
     */
    public static final String MESSAGE_POLICY = "sandbox allow-popups allow-popups-to-escape-sandbox;"
            + " default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none';"
            + " frame-ancestors 'self'";
    /** Put into each HTML part: a link clicked in the frame opens a tab (the review page refuses to be framed). */
    static final String LINK_TARGET = "<base target=\"_blank\">";

    private final Mailbox mailbox;

    public MailboxPages(Mailbox mailbox) {
        this.mailbox = mailbox;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", PAGE_POLICY, "DENY",
                        "The mailbox is read-only: use GET.\n");
                return;
            }
            String path = exchange.getRequestURI().getRawPath();
            if (path.equals(CONTEXT) || path.equals(CONTEXT + "/")) {
                page(exchange, 200, list());
                return;
            }
            Matcher matcher = MESSAGE_PATH.matcher(path);
            Optional<CapturedEmail> message = matcher.matches() ? mailbox.byId(matcher.group(1)) : Optional.empty();
            if (message.isEmpty()) {
                page(exchange, 404, notFound());
                return;
            }
            if (matcher.group(2) == null) {
                page(exchange, 200, message(message.get()));
            } else if (message.get().html() == null) {
                page(exchange, 404, notFound());
            } else {
                send(exchange, 200, "text/html; charset=utf-8", MESSAGE_POLICY, "SAMEORIGIN",
                        withLinkTarget(message.get().html()));
            }
        }
    }

    private String list() {
        List<CapturedEmail> all = mailbox.all();
        List<MessageSummary> lines = new ArrayList<>(all.size());
        for (int i = all.size() - 1; i >= 0; i--) {
            CapturedEmail m = all.get(i);
            lines.add(new MessageSummary(MESSAGES + m.messageId(), subject(m), PageText.line(String.join(", ",
                    m.to())), shown(m.sentAt()), m.sentAt().toString()));
        }
        StringOutput out = PageText.buffer(8 * 1024);
        JtemailboxGenerated.render(PageText.html(out), null, new MailboxListing(lines));
        return out.toString();
    }

    private String message(CapturedEmail m) {
        MessageView view = new MessageView(m.messageId(), subject(m), PageText.line(m.from()),
                PageText.line(String.join(", ", m.to())), PageText.line(String.join(", ", m.cc())),
                shown(m.sentAt()), m.sentAt().toString(),
                m.html() == null ? null : MESSAGES + m.messageId() + "/html",
                m.text() == null ? null : PageText.block(m.text()));
        StringOutput out = PageText.buffer(16 * 1024);
        JtemessageGenerated.render(PageText.html(out), null, view);
        return out.toString();
    }

    private static String notFound() {
        StringOutput out = PageText.buffer(2 * 1024);
        JtenotfoundGenerated.render(PageText.html(out), null);
        return out.toString();
    }

    private static String subject(CapturedEmail m) {
        String subject = PageText.line(m.subject());
        return subject.isBlank() ? "(no subject)" : subject;
    }

    private static String shown(Instant at) {
        return SHOWN.format(at);
    }

    /** The HTML part with {@link #LINK_TARGET} as the first element of its head (or first of all, with no head). */
    static String withLinkTarget(String html) {
        Matcher head = HEAD_TAG.matcher(html);
        if (head.find()) {
            return html.substring(0, head.end()) + LINK_TARGET + html.substring(head.end());
        }
        return LINK_TARGET + html;
    }

    private static void page(HttpExchange exchange, int status, String html) throws IOException {
        send(exchange, status, "text/html; charset=utf-8", PAGE_POLICY, "DENY", html);
    }

    private static void send(HttpExchange exchange, int status, String contentType, String policy,
                             String frameOptions, String body) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", contentType);
        for (Map.Entry<String, String> header : Map.of("Content-Security-Policy", policy,
                "Cache-Control", "no-store", "Referrer-Policy", "no-referrer", "X-Content-Type-Options", "nosniff",
                "X-Frame-Options", frameOptions).entrySet()) {
            headers.set(header.getKey(), header.getValue());
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
