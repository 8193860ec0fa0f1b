package dev.orchard.agent.identity;

import dev.orchard.agent.exec.Command;
import dev.orchard.agent.exec.CommandExecutor;
import dev.orchard.agent.exec.CommandResult;

import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Mac's identity from the system: the serial number from {@code ioreg -c IOPlatformExpertDevice -d 2}
 * ({@code "IOPlatformSerialNumber" = "…"}), the model identifier from {@code sysctl -n hw.model} (or
 * ioreg's {@code "model" = <"…">}), and the MAC address of the built-in interface from
 * {@code ifconfig en0} ({@code ether …}). Each command goes through the executor.
 */
public final class MacIdentityProbe implements IdentityProbe {

    static final Command IOREG = Command.of("ioreg", "-c", "IOPlatformExpertDevice", "-d", "2");
    static final Command SYSCTL_MODEL = Command.of("sysctl", "-n", "hw.model");

    private static final Pattern SERIAL = Pattern.compile("\"IOPlatformSerialNumber\"\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern IOREG_MODEL = Pattern.compile("\"model\"\\s*=\\s*<\"([^\"]+)\">");
    private static final Pattern ETHER = Pattern.compile("(?m)^\\s*ether\\s+([0-9A-Fa-f]{1,2}(?::[0-9A-Fa-f]{1,2}){5})");

    private final CommandExecutor executor;
    private final String networkInterface;

    /** @param networkInterface the interface whose MAC identifies the Mac (BSDP uses the built-in one, {@code en0}) */
    public MacIdentityProbe(CommandExecutor executor, String networkInterface) {
        this.executor = executor;
        this.networkInterface = networkInterface;
    }

    @Override
    public MachineIdentity probe() {
        String ioreg = output(IOREG);
        String serial = serial(ioreg).orElse(null);
        String model = model(output(SYSCTL_MODEL)).or(() -> ioregModel(ioreg)).orElse(null);
        String mac = mac(output(Command.of("ifconfig", networkInterface)))
                .orElseThrow(() -> new IdentityException("ifconfig " + networkInterface + " shows no ether address"));
        return new MachineIdentity(mac, serial, model);
    }

    static Optional<String> serial(String ioregOutput) {
        return first(SERIAL, ioregOutput);
    }

    static Optional<String> ioregModel(String ioregOutput) {
        return first(IOREG_MODEL, ioregOutput);
    }

    static Optional<String> model(String sysctlOutput) {
        String s = sysctlOutput == null ? "" : sysctlOutput.strip();
        return s.isEmpty() || s.contains(" ") ? Optional.empty() : Optional.of(s);
    }

    static Optional<String> mac(String ifconfigOutput) {
        return first(ETHER, ifconfigOutput).map(MachineIdentity::normalizeMac);
    }

    private static Optional<String> first(Pattern p, String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = p.matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private String output(Command command) {
        try {
            CommandResult r = executor.run(command);
            if (!r.succeeded()) {
                throw new IdentityException(command.display() + " failed (" + r.describe() + ")");
            }
            return r.output();
        } catch (IOException e) {
            throw new IdentityException("cannot run " + command.display() + ": " + e.getMessage());
        }
    }
}
