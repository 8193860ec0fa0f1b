package dev.orchard.agent.cli;

/** A command-line mistake; the message says which option and what is accepted. */
public class UsageException extends Exception {

    public UsageException(String message) {
        super(message);
    }
}
