package dev.orchard.mdmsim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What NanoMDM keeps: enrolments with push info, each enrolment's command queue, every CommandUUID ever
 * enqueued (kv storage refuses a second one: {@code storage/kv/queue.go EnqueueCommand}), and the calls made.
 */
final class StubState {

    private final Map<String, SimulatedMac> macs = new HashMap<>();
    private final Set<String> pushInfo = new HashSet<>();
    private final Map<String, Integer> tally = new HashMap<>();
    private final Map<String, List<QueuedCommand>> queues = new HashMap<>();
    private final Map<String, List<QueuedCommand>> log = new HashMap<>();
    private final Set<String> commandUuids = new HashSet<>();
    private final List<ApiCall> calls = new ArrayList<>();

    synchronized void enrolled(SimulatedMac mac) {
        macs.put(mac.udid(), mac);
        pushInfo.add(mac.udid());
        tally.put(mac.udid(), 1);
    }

    synchronized void call(ApiCall c) {
        calls.add(c);
    }

    synchronized List<ApiCall> calls() {
        return List.copyOf(calls);
    }

    synchronized List<QueuedCommand> enqueued(String udid) {
        return List.copyOf(log.getOrDefault(udid, List.of()));
    }

    synchronized List<QueuedCommand> queue(String udid) {
        return List.copyOf(queues.getOrDefault(udid, List.of()));
    }

    /** {@code api/api.go RawCommandEnqueueWithPush} → {@code EnqueueWithPush} over kv storage. */
    synchronized ApiResult enqueue(String idPath, byte[] body, boolean noPush, DeviceSessions devices) {
        List<String> ids = NanoMdmStub.split(idPath);
        ApiResult r = new ApiResult(ids.size());
        if (idPath.isEmpty()) {
            r.commandError = "getting enrollment ids: empty path";
            return r;
        }
        if (body.length == 0) {
            if (noPush) {
                r.noPush = true;
                r.commandError = "must enqueue or push";
                return r;
            }
            push(ids, r, devices);
            return r;
        }
        QueuedCommand command;
        try {
            command = decode(body);
        } catch (IllegalArgumentException e) {
            r.commandError = "decoding command: " + e.getMessage();
            return r;
        }
        r.noPush = noPush;
        r.commandUuid = command.commandUuid();
        r.requestType = command.requestType();
        if (!commandUuids.add(command.commandUuid())) {
            r.commandError = "command already exists: " + command.commandUuid();
            return r;
        }
        for (String id : ids) {
            queues.computeIfAbsent(id, k -> new ArrayList<>()).add(command);
            log.computeIfAbsent(id, k -> new ArrayList<>()).add(command);
        }
        if (!noPush) {
            push(ids, r, devices);
        }
        return r;
    }

    synchronized ApiResult push(String idPath, DeviceSessions devices) {
        List<String> ids = NanoMdmStub.split(idPath);
        ApiResult r = new ApiResult(ids.size());
        if (idPath.isEmpty()) {
            r.pushError = "getting enrollment ids: empty path";
            return r;
        }
        push(ids, r, devices);
        return r;
    }

    /** {@code push/service/service.go Push}: IDs without push info get {@code ErrIdNotFound}. */
    private void push(List<String> ids, ApiResult r, DeviceSessions devices) {
        for (String id : ids) {
            if (!pushInfo.contains(id)) {
                r.pushFailed(id, "push data missing for id");
                continue;
            }
            r.pushed(id, UUID.randomUUID().toString().toUpperCase(Locale.ROOT));
            SimulatedMac mac = macs.get(id);
            if (mac != null && mac.online()) {
                devices.wake(mac);
            }
        }
    }

    /** The first queued command not in {@code skip} ({@code RetrieveNextCommand}). */
    synchronized Optional<QueuedCommand> next(String udid, Set<String> skip) {
        return queues.getOrDefault(udid, List.of()).stream().filter(c -> !skip.contains(c.commandUuid())).findFirst();
    }

    /** {@code StoreCommandReport}: any status but NotNow takes the command off the queue. */
    synchronized void reported(String udid, String commandUuid, String status) {
        if (!status.equals("NotNow")) {
            queues.getOrDefault(udid, new ArrayList<>()).removeIf(c -> c.commandUuid().equals(commandUuid));
        }
    }

    /** {@code service.go Authenticate}: the queue is cleared (and the enrolment waits for a TokenUpdate). */
    synchronized void authenticated(String udid) {
        queues.remove(udid);
        tally.put(udid, 0);
    }

    /** {@code TokenUpdate}: push info stored; returns the tally since enrolment. */
    synchronized int tokenUpdated(String udid) {
        pushInfo.add(udid);
        return tally.merge(udid, 1, Integer::sum);
    }

    private static QueuedCommand decode(byte[] body) {
        Map<String, Object> plist = Plists.read(body);
        Object uuid = plist.get("CommandUUID");
        Object command = plist.get("Command");
        Object type = command instanceof Map<?, ?> m ? m.get("RequestType") : null;
        if (!(uuid instanceof String u) || u.isEmpty() || !(type instanceof String t) || t.isEmpty()) {
            throw new IllegalArgumentException("invalid command"); // mdm.ErrInvalidCommand
        }
        return new QueuedCommand(u, t, plist, body);
    }
}
