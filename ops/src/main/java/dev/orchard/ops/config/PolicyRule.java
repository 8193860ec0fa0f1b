package dev.orchard.ops.config;

/**
 * One policy rule, in the order written. {@code nbi} names the netboot image the Mac boots into (the
 * restore environment) as the NBI catalog names it; {@code computerName} is a pattern with
 * {@code {serial}}, {@code {model}}, {@code {mac}}, {@code {name}}.
 */
public record PolicyRule(String name, Match match, String nbi, Action action, String image, String installer,
                         String workflow, String computerName, SourceLocation at) {
}
