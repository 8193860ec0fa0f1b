/**
 * Block restore: a manifest's chunks streamed over HTTP onto a file or block device, each chunk's
 * sha256 verified before it counts, the whole image's sha256 checked at the end, resumed from the first
 * unverified chunk after a dropped connection, and after a crash of the agent resumed from what a
 * verified re-read of the target shows.
 *
 * <p>Threads: the caller's thread reads the socket into aligned direct buffers and hashes each chunk;
 * a writer thread puts the buffers on the target with positional (O_DIRECT when possible) writes; a
 * hasher thread computes the whole-image digest; a syncer thread forces the target and saves the
 * progress journal. Memory is the buffer pool, whatever the image size.
 */
package dev.orchard.agent.restore;
