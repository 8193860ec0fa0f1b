/**
 * Progress reports to the server: a bounded queue and one sender thread, so a server that is slow,
 * down or answering 503 never blocks the restore; reports are retried with backoff in order, and the
 * last state is delivered (within a bounded wait) before the agent exits.
 */
package dev.orchard.agent.report;
