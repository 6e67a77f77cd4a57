/** The suite's steps, in the order they run. */
import type { StepDefinition } from '../step-types.js';
import { coldStartStep } from './cold-start.js';
import { configLoadStep } from './config-load.js';
import { configPropagationStep } from './config-propagation.js';
import { dpMemoryStep } from './dp-memory.js';
import { proxyThroughputStep } from './proxy-throughput.js';
import { routerStep } from './router.js';

export const STEPS: readonly StepDefinition[] = [
  proxyThroughputStep,
  configPropagationStep,
  coldStartStep,
  routerStep,
  configLoadStep,
  dpMemoryStep,
];

export function findStep(id: string): StepDefinition | undefined {
  return STEPS.find((s) => s.id === id);
}
