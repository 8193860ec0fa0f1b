package dev.orchard.mdm.webhook;

import java.util.Optional;

/**
 * The check-in topics NanoMDM's webhook posts ({@code service/webhook/event.json}, {@code topic} enum), one
 * per check-in {@code MessageType} (Apple, "Check-in"). {@code mdm.Connect}, the command report, is not a
 * check-in and has its own event.
 */
public enum CheckInType {
    AUTHENTICATE("mdm.Authenticate"),
    TOKEN_UPDATE("mdm.TokenUpdate"),
    CHECK_OUT("mdm.CheckOut"),
    USER_AUTHENTICATE("mdm.UserAuthenticate"),
    SET_BOOTSTRAP_TOKEN("mdm.SetBootstrapToken"),
    GET_BOOTSTRAP_TOKEN("mdm.GetBootstrapToken"),
    DECLARATIVE_MANAGEMENT("mdm.DeclarativeManagement"),
    GET_TOKEN("mdm.GetToken");

    private final String topic;

    CheckInType(String topic) {
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }

    public static Optional<CheckInType> ofTopic(String topic) {
        for (CheckInType t : values()) {
            if (t.topic.equals(topic)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
