package dev.countersign.functions.review;

import dev.countersign.functions.FunctionDependencies;
import dev.countersign.functions.internal.OnFirstUse;
import dev.countersign.functions.internal.ReviewLinkDelivery;
import dev.countersign.link.LinkSecrets;
import dev.countersign.routing.RoutePolicy;
import dev.countersign.routing.RoutingRules;
import dev.countersign.views.EmailRenderer;
import dev.countersign.views.PageRenderer;
import java.nio.file.Path;
import java.util.Optional;

/** The decision function's two routes, wired once per process from its dependencies. */
public final class ReviewRoutes {
    private final PageRenderer pages;
    private final ReviewPage reviewPage;
    private final DecisionPost decisionPost;

    /** @param actor the actor of the events the function writes itself (callbacks, handing a request back) */
    public ReviewRoutes(FunctionDependencies deps, String actor) {
        this.pages = new PageRenderer(deps.clock());
        LinkSecrets linkSecrets = new LinkSecrets(deps.clock());
        ReviewPages reviewPages = new ReviewPages(pages, deps.settings());
        ReviewLinks links = new ReviewLinks(deps.store(), deps.links(), linkSecrets, reviewPages);
        this.reviewPage = new ReviewPage(deps.store(), links, reviewPages);
        this.decisionPost = new DecisionPost(deps.store(), links, reviewPages,
                new HandOver(deps.store(), new ReviewLinkDelivery(deps, actor), reviewPages, deps.clock(), actor),
                new DecisionDelivery(deps.store(), deps.callback(), deps.clock(),
                        deps.settings().callbackRetry().maxTotal(), actor),
                new DecisionReceipt(deps.mailer(), new EmailRenderer(deps.clock()), deps.settings().sender(),
                        deps.settings().emailRetry()),
                new RouteCheck(new OnFirstUse<>(() -> rules(deps.settings().routingFile())), deps.clock()),
                deps.clock());
    }

    /** The rules file's rules (checked when loaded: an invalid file fails the change, loudly), or empty. */
    private static Optional<RoutePolicy> rules(Path file) {
        return file == null ? Optional.empty() : Optional.of(RoutingRules.loadOrThrow(file));
    }

    public PageRenderer pages() {
        return pages;
    }

    /** {@code GET|HEAD <base>/review/<secret>}. */
    public ReviewPage reviewPage() {
        return reviewPage;
    }

    /** {@code POST <base>/review}. */
    public DecisionPost decisionPost() {
        return decisionPost;
    }
}
