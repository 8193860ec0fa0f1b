package dev.orchard.ops.wiring;

import dev.orchard.http.spi.MdmWebhookPort;
import dev.orchard.mdm.webhook.WebhookEvent;
import dev.orchard.mdm.webhook.WebhookParser;
import dev.orchard.mdm.webhook.WebhookSignature;
import dev.orchard.ops.mdm.MdmEventSink;
import dev.orchard.ops.spi.MdmMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/mdm/webhook}: NanoMDM's events, authenticated by their {@code X-Hmac-Signature}
 * (NanoMDM {@code -webhook-hmac-key}, the {@code mdm.webhook_secret}), read by the mdm module's
 * {@link WebhookParser} and handed to the {@link MdmEventSink}: command reports as
 * {@link MdmEventSink#commandResult} ({@code Idle} with an empty CommandUUID: the Mac is connected and waiting),
 * Authenticate, TokenUpdate and CheckOut as {@link MdmEventSink#checkIn}. Other check-ins and topics are
 * acknowledged and dropped. Every outcome is logged and counted; duplicates are passed on as they come (the sink
 * is idempotent).
 */
final class NanoMdmWebhook implements MdmWebhookPort {

    private static final Logger LOG = LoggerFactory.getLogger(NanoMdmWebhook.class);

    private final WebhookSignature signature;
    private final MdmEventSink sink;
    private final MdmMetrics metrics;

    NanoMdmWebhook(WebhookSignature signature, MdmEventSink sink, MdmMetrics metrics) {
        this.signature = signature;
        this.sink = sink;
        this.metrics = metrics;
    }

    @Override
    public Answer receive(Delivery delivery) {
        if (!signature.verify(delivery.body(), delivery.signature())) {
            metrics.webhookReceived(MdmMetrics.Webhook.UNAUTHENTICATED);
            LOG.warn("MDM webhook from {} refused: {} X-Hmac-Signature (is nanomdm -webhook-hmac-key the"
                    + " mdm.webhook_secret?)", delivery.client().getHostAddress(),
                    delivery.signature().isPresent() ? "a wrong" : "no");
            return Answer.UNAUTHENTICATED;
        }
        WebhookParser.Result parsed = WebhookParser.parse(delivery.body());
        if (parsed instanceof WebhookParser.Result.Malformed m) {
            metrics.webhookReceived(MdmMetrics.Webhook.MALFORMED);
            LOG.warn("MDM webhook from {} refused: {}", delivery.client().getHostAddress(), m.reason());
            return Answer.MALFORMED;
        }
        WebhookEvent event = ((WebhookParser.Result.Parsed) parsed).event();
        metrics.webhookReceived(deliver(event));
        return Answer.ACCEPTED;
    }

    private MdmMetrics.Webhook deliver(WebhookEvent event) {
        if (event instanceof WebhookEvent.CommandReport r) {
            LOG.debug("MDM report from {}: {} {}", r.udid(), r.status(), r.commandUuid().orElse(""));
            sink.commandResult(r.udid(), r.commandUuid().orElse(""),
                    MdmEventSink.CommandStatus.valueOf(r.status().name()), r.report());
            return MdmMetrics.Webhook.COMMAND_REPORT;
        }
        if (event instanceof WebhookEvent.CheckIn c) {
            MdmEventSink.CheckInKind kind = switch (c.type()) {
                case AUTHENTICATE -> MdmEventSink.CheckInKind.AUTHENTICATE;
                case TOKEN_UPDATE -> MdmEventSink.CheckInKind.TOKEN_UPDATE;
                case CHECK_OUT -> MdmEventSink.CheckInKind.CHECK_OUT;
                default -> null;
            };
            if (kind != null && c.message().containsKey("UserID")) {
                // a user channel's check-in (a user logging in: Apple's check-in carries UserID) says nothing
                // about the device enrolling again after an erase; it must never move an erase flow
                LOG.debug("MDM user-channel {} from {} ignored", c.type(), c.udid());
                return MdmMetrics.Webhook.IGNORED;
            }
            if (kind != null) {
                LOG.info("MDM check-in from {}: {}{}", c.udid(), c.type(),
                        c.serialNumber().map(s -> " (serial " + s + ")").orElse(""));
                sink.checkIn(c.udid(), kind, c.serialNumber());
                return MdmMetrics.Webhook.CHECK_IN;
            }
        }
        LOG.debug("MDM webhook {} ignored", event.topic());
        return MdmMetrics.Webhook.IGNORED;
    }
}
