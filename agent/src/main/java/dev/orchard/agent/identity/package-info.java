/**
 * The machine's identity (MAC, serial, model): from the command line, or on a Mac from {@code ioreg},
 * {@code sysctl} and {@code ifconfig} run through the agent's command executor.
 */
package dev.orchard.agent.identity;
