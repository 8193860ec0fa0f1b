/**
 * The agent's own copy of the server↔agent wire shapes ({@code docs/agent-api.md}): plan, manifest and
 * events as immutable records, and the small HTTP client that fetches and posts them. The agent shares
 * no code with the server; unknown fields in responses are ignored so the server can add fields.
 */
package dev.orchard.agent.api;
