/**
 * Payload downloads for a plan ({@link dev.orchard.agent.api.PayloadRef}): ranged fetches through
 * {@code transfer}, resumed and retried with backoff, kept only when the sha256 matches. Sits above both
 * {@code api} (the plan's shapes) and {@code transfer} (the bytes), so neither depends on the other's
 * side of the download.
 */
package dev.orchard.agent.payload;
