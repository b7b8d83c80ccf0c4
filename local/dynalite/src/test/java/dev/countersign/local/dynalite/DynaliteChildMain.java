package dev.countersign.local.dynalite;

/** Runs in a child JVM for {@link DynaliteServerTest}: starts dynalite, prints its port, then waits to be killed. */
public final class DynaliteChildMain {
    private DynaliteChildMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        DynaliteServer server = DynaliteServer.start(ProjectRoot.locate(), 0, null);
        System.out.println("port " + server.port());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
