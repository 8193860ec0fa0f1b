/**
 * The thin workflow: steps run in order, each reported (started, succeeded/failed/skipped), payloads
 * verified by sha256, script output captured into events, the first failure stops the workflow, and a
 * step already done with the same inputs is skipped on a re-run. Where a step lands is the backend's
 * {@link dev.orchard.agent.workflow.StepHost}.
 */
package dev.orchard.agent.workflow;
