package dev.countersign.local.runtime;

/**
 * The refund request the example workflow starts with: what a support system would hand the refund agent. It names
 * no approvers, so the runtime's default approver is asked; the requester is someone else (separation of duties).
 */
final class ExampleOrder {
    private ExampleOrder() {
    }

    static String json() {
        return """
                {"orderId":"ORD-10042","amount":129.90,"currency":"EUR","orderTotal":129.90,\
                "reason":"The parcel arrived crushed and the kettle inside does not switch on; photos are on the ticket.",\
                "customer":{"email":"dana.whitfield@customer.example","name":"Dana Whitfield"},\
                "requester":{"email":"sam.support@shop.example","name":"Sam (customer support)"}}""";
    }
}
