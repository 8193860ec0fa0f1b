package dev.orchard.ops.policy;

/**
 * One field of one rule tested against a machine, with the values involved, e.g.
 * {@code model: iMac18,3 matches iMac18,*}.
 *
 * @param field  the YAML name of the field ({@code mac}, {@code serial}, {@code model}, {@code subnet},
 *               {@code group})
 * @param detail what was compared, in words
 */
public record FieldCheck(String field, Outcome outcome, String detail) {
}
