/**
 * Ports of the ops core, declared below both sides: the core packages that call them ({@code journal},
 * {@code reload}) and the Micrometer implementation ({@code metrics}, which also reads the journal's
 * {@code Stage}/{@code EventResult} tags). Keeping the port here is what keeps those packages free of a cycle.
 */
package dev.orchard.ops.spi;
