package dev.orchard.mdmsim;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One Mac enrolled in the {@link NanoMdmStub}: its facts, and how it answers commands. Unless told otherwise
 * it answers as a healthy Mac with Apple silicon: DeviceInformation with the queries it knows,
 * SecurityInfo with a Bootstrap Token allowed for authentication, EraseDevice acknowledged then wiped and
 * enrolled again 100 ms later, InstallEnterpriseApplication acknowledged, anything else CommandFormatError.
 * With a sandbox ({@link #withSandbox}) it also keeps profiles as macOS does (InstallProfile writes the managed
 * preferences of the profile's {@code com.apple.ManagedClient.preferences} payload under the sandbox's
 * {@code Library/Managed Preferences}, RemoveProfile and an erase delete them) and, when InstallEnterpriseApplication
 * arrives, "installs" the package: it hands the test the path of the agent's managed preferences, so the test starts
 * the real agent there as the package's launch daemon would.
 */
public final class SimulatedMac {

    private final NanoMdmStub stub;
    private final String udid;
    private final String serialNumber;
    private final String model;
    private final boolean appleSilicon;
    private final Map<String, Reaction> always = new HashMap<>();
    private final Map<String, Deque<Reaction>> once = new HashMap<>();
    private volatile boolean online = true;
    private volatile boolean bootstrapTokenAllowed = true;
    private volatile int erases;
    private volatile ManagedProfiles profiles;
    private volatile java.util.function.Consumer<AgentInstall> onAgentPackage;

    /** InstallEnterpriseApplication reached the Mac: the agent's package is installed and starts as root. */
    public record AgentInstall(SimulatedMac mac, java.nio.file.Path managedPreferences) {
    }

    SimulatedMac(NanoMdmStub stub, String udid, String serialNumber, String model, boolean appleSilicon) {
        this.stub = stub;
        this.udid = udid;
        this.serialNumber = serialNumber;
        this.model = model;
        this.appleSilicon = appleSilicon;
    }

    public String udid() {
        return udid;
    }

    public String serialNumber() {
        return serialNumber;
    }

    /** Answers every command of this RequestType so (until changed). */
    public synchronized SimulatedMac answer(String requestType, Reaction reaction) {
        always.put(requestType, reaction);
        return this;
    }

    /** Answers the next command of this RequestType so, then as before. */
    public synchronized SimulatedMac answerOnce(String requestType, Reaction reaction) {
        once.computeIfAbsent(requestType, t -> new ArrayDeque<>()).add(reaction);
        return this;
    }

    /**
     * Keeps profiles under {@code root} and calls {@code onAgentPackage} (on the stub's device thread: start the agent
     * asynchronously) when InstallEnterpriseApplication is acknowledged, with the path of {@code dev.orchard.agent}'s
     * managed preferences.
     */
    public SimulatedMac withSandbox(java.nio.file.Path root, java.util.function.Consumer<AgentInstall> onAgentPackage) {
        this.profiles = new ManagedProfiles(root);
        this.onAgentPackage = onAgentPackage;
        return this;
    }

    /** Where macOS would keep the managed preferences of {@code domain} on this Mac (with a sandbox). */
    public java.nio.file.Path managedPreferences(String domain) {
        if (profiles == null) {
            throw new IllegalStateException("this simulated Mac has no sandbox (withSandbox)");
        }
        return profiles.preferences(domain);
    }

    /** SecurityInfo will say the Bootstrap Token is {@code disallowed} for authentication. */
    public SimulatedMac withoutBootstrapToken() {
        bootstrapTokenAllowed = false;
        return this;
    }

    /** True while the Mac answers pushes (false when switched off, mid-erase, or gone). */
    public boolean online() {
        return online;
    }

    /** Switches the Mac off: pushes still succeed (APNs takes them) but nothing answers. */
    public void goOffline() {
        online = false;
    }

    /** Switches it on again; it connects at the next push. */
    public void goOnline() {
        online = true;
    }

    /** How many times it wiped itself. */
    public int erases() {
        return erases;
    }

    /** Enrolls again now (Authenticate, TokenUpdate, then an Idle connection), as after an erase. */
    public void comeBack() {
        stub.reEnroll(this);
    }

    synchronized Reaction reactionTo(QueuedCommand c) {
        Deque<Reaction> q = once.get(c.requestType());
        if (q != null && !q.isEmpty()) {
            return q.poll();
        }
        Reaction r = always.get(c.requestType());
        return r != null ? r : defaultReaction(c);
    }

    void wiped() {
        erases++;
        if (profiles != null) {
            profiles.wipe();
        }
        online = false;
    }

    void enrolled() {
        online = true;
    }

    private Reaction defaultReaction(QueuedCommand c) {
        return switch (c.requestType()) {
            case "DeviceInformation" -> Reaction.acknowledge(Map.of("QueryResponses", queryResponses(c)));
            // An Intel model here is a T2 Mac (an Intel Mac without T2 cannot erase itself, so it is not simulated):
            // SecureBoot.SecureBootLevel is what tells the two apart (Apple's information.security.yaml).
            case "SecurityInfo" -> Reaction.acknowledge(Map.of("SecurityInfo", appleSilicon
                    ? Map.of("BootstrapTokenAllowedForAuthentication", bootstrapTokenAllowed ? "allowed" : "disallowed",
                            "FDE_Enabled", true)
                    : Map.of("BootstrapTokenAllowedForAuthentication", "not supported", "FDE_Enabled", true,
                            "SecureBoot", Map.of("SecureBootLevel", "full", "ExternalBootLevel", "disallowed"))));
            case "EraseDevice" -> Reaction.eraseAndReturnAfter(Duration.ofMillis(100));
            case "InstallEnterpriseApplication" -> {
                if (onAgentPackage != null) {
                    onAgentPackage.accept(new AgentInstall(this, profiles.preferences("dev.orchard.agent")));
                }
                yield Reaction.acknowledge();
            }
            case "InstallProfile" -> installProfile(c);
            case "RemoveProfile" -> {
                if (profiles != null && c.fields().get("Identifier") instanceof String id && !profiles.remove(id)) {
                    // an Error with an ErrorChain; the domain and code are the stub's own (Apple's schema lists none)
                    yield Reaction.error(1001, "MCProfileErrorDomain", "The profile " + id + " is not installed.");
                }
                yield Reaction.acknowledge();
            }
            default -> Reaction.commandFormatError();
        };
    }

    private Reaction installProfile(QueuedCommand c) {
        if (!(c.fields().get("Payload") instanceof byte[] payload)) {
            return Reaction.commandFormatError();
        }
        if (profiles == null) {
            return Reaction.acknowledge();
        }
        return profiles.install(payload).map(why -> Reaction.error(4001, "MCProfileErrorDomain", why))
                .orElseGet(Reaction::acknowledge);
    }

    /** The queries this Mac knows, answered; a Mac leaves out the ones it does not know. */
    private Map<String, Object> queryResponses(QueuedCommand c) {
        Map<String, Object> facts = Map.of("UDID", udid, "SerialNumber", serialNumber, "Model", model,
                "ModelName", "Mac", "ProductName", model, "OSVersion", "14.4.1", "BuildVersion", "23E224",
                "IsAppleSilicon", appleSilicon, "EACSPreflight", "success", "DeviceName", "lab-" + serialNumber);
        Map<String, Object> out = new LinkedHashMap<>();
        Object queries = c.fields().get("Queries");
        if (queries instanceof List<?> l) {
            for (Object q : l) {
                Optional.ofNullable(facts.get(String.valueOf(q))).ifPresent(v -> out.put(String.valueOf(q), v));
            }
        }
        return out;
    }

    Map<String, Object> authenticateMessage(String topic) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("BuildVersion", "23E224");
        m.put("DeviceName", "lab-" + serialNumber);
        m.put("MessageType", "Authenticate");
        m.put("Model", model);
        m.put("ModelName", "Mac");
        m.put("OSVersion", "14.4.1");
        m.put("ProductName", model);
        m.put("SerialNumber", serialNumber);
        m.put("Topic", topic);
        m.put("UDID", udid);
        return m;
    }

    Map<String, Object> tokenUpdateMessage(String topic) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("AwaitingConfiguration", false);
        m.put("MessageType", "TokenUpdate");
        m.put("PushMagic", java.util.UUID.nameUUIDFromBytes(udid.getBytes()).toString().toUpperCase());
        m.put("Token", java.util.HexFormat.of().parseHex("0f".repeat(32)));
        m.put("Topic", topic);
        m.put("UDID", udid);
        return m;
    }
}
