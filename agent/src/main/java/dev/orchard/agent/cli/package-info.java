/** The command line: {@code java -jar orchard-agent.jar --server URL --target …}; a thin layer over {@link dev.orchard.agent.Agent}. */
package dev.orchard.agent.cli;
