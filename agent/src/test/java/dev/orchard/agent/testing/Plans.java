package dev.orchard.agent.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Plans shaped exactly like docs/agent-api.md's example, for the stand-in (and later the real server's ports). */
public final class Plans {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Plans() {
    }

    public static ObjectNode base(String mac, String action) {
        ObjectNode plan = JSON.createObjectNode();
        plan.put("version", 2);
        ObjectNode machine = plan.putObject("machine");
        machine.put("mac", mac);
        machine.put("serial", "C02XK0AAJG5J");
        machine.put("model", "iMac18,1");
        machine.put("name", "lab-C02XK0AAJG5J");
        plan.put("action", action);
        plan.put("policy", "art-room-imacs");
        plan.put("run", "replaced by the stand-in with each answer");
        plan.put("token", "replaced by the stand-in with each answer");
        plan.put("events", "/api/v1/machines/" + mac + "/events");
        plan.putNull("restore");
        plan.putNull("install");
        plan.putNull("workflow");
        plan.put("reboot", false);
        return plan;
    }

    public static ObjectNode restore(String mac, ServedImage image, String method) {
        ObjectNode plan = base(mac, "restore");
        ObjectNode r = plan.putObject("restore");
        r.put("image", image.name());
        r.put("url", image.url());
        r.put("manifest", image.url() + "/manifest");
        r.put("size", image.size());
        r.put("sha256", image.sha256());
        r.put("chunkSize", image.chunkSize());
        r.put("method", method);
        return plan;
    }

    public static ObjectNode install(String mac, String url, long size, String sha256, String firstBootUrl, long firstBootSize,
                                     String firstBootSha) {
        ObjectNode plan = base(mac, "install");
        ObjectNode i = plan.putObject("install");
        i.put("installer", "macOS-13.6");
        i.put("url", url);
        i.put("size", size);
        i.put("sha256", sha256);
        if (firstBootUrl == null) {
            i.putNull("firstBootPackage");
        } else {
            ObjectNode fb = i.putObject("firstBootPackage");
            fb.put("url", firstBootUrl);
            fb.put("sha256", firstBootSha);
            fb.put("size", firstBootSize);
        }
        return plan;
    }

    /** Adds a workflow to {@code plan} and returns its steps array to fill. */
    public static ArrayNode workflow(ObjectNode plan, String name) {
        ObjectNode wf = plan.putObject("workflow");
        wf.put("name", name);
        return wf.putArray("steps");
    }

    public static ObjectNode script(ArrayNode steps, String name, String content) {
        ObjectNode s = steps.addObject();
        s.put("type", "script");
        s.put("name", name);
        s.put("content", content);
        s.put("timeoutSeconds", 60);
        return s;
    }

    public static ObjectNode payloadStep(ArrayNode steps, String type, String name, String url, String sha256, long size) {
        ObjectNode s = steps.addObject();
        s.put("type", type);
        s.put("name", name);
        s.put("url", url);
        s.put("sha256", sha256);
        s.put("size", size);
        return s;
    }

    public static ObjectNode computerName(ArrayNode steps, String value) {
        ObjectNode s = steps.addObject();
        s.put("type", "computer_name");
        s.put("name", "computer-name");
        s.put("value", value);
        return s;
    }

    public static ObjectNode localize(ArrayNode steps) {
        ObjectNode s = steps.addObject();
        s.put("type", "localize");
        s.put("name", "localize");
        s.put("locale", "en_US");
        s.put("language", "en");
        s.put("timezone", "Europe/Paris");
        s.put("keyboard", "U.S.");
        return s;
    }
}
