import { ApplicationFailure } from '@temporalio/workflow';
import type { z } from 'zod';
import { describeIssues } from '../domain/validation';

export const INVALID_INPUT = 'InvalidInput';

/**
 * Validates a workflow's input before it does anything: a bad input fails the workflow at once, not
 * retryable, with every bad field named by its path (also in the failure's details for programs).
 */
export function parseWorkflowInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = describeIssues(result.error);
  throw ApplicationFailure.create({
    type: INVALID_INPUT,
    message: `invalid ${what}: ${problems.join('; ')}`,
    nonRetryable: true,
    details: [problems],
  });
}
