package dev.orchard.ops.policy;

/** The result of testing one field or one rule against a machine. */
public enum Outcome {
    MATCH,
    NO_MATCH,
    /** The field needs a fact the server does not have yet (e.g. the serial, at BSDP time). */
    UNKNOWN,
    /** The rule was not tested: an earlier rule matched first. */
    NOT_REACHED
}
