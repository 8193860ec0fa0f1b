package dev.orchard.agent.restore;

import java.time.Duration;

/**
 * A finished, verified restore.
 *
 * @param bytesFetched body bytes received from the server (including bytes fetched again)
 * @param bytesReused  bytes found intact on the target and not fetched
 * @param requests     ranged GETs made
 * @param retries      connection failures recovered from
 * @param directIo     whether writes bypassed the page cache
 */
public record RestoreOutcome(long size, String sha256, long bytesFetched, long bytesReused, int requests, int retries,
                             boolean directIo, Duration elapsed) {
}
