/**
 * Byte transfer over HTTP: ranged GETs with {@code If-Range} ({@link dev.orchard.agent.transfer.RangeSource}),
 * a lean HTTP/1.1 client over a socket channel for the hot path, retries with exponential backoff.
 * Knows nothing of the plan's shapes ({@code api}); verified payload downloads are in {@code payload}.
 */
package dev.orchard.agent.transfer;
