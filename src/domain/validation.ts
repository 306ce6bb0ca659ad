import { z } from 'zod';

// zod installs its English messages as a module side effect, which the workflow bundler drops (zod declares
// itself side-effect free): without this line a workflow would say "Invalid input" instead of what is wrong.
z.config(z.locales.en());

/** One line per problem, each led by the field's path, so a caller can see exactly what to fix. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`);
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: string[] };

export function parseWith<S extends z.ZodType>(schema: S, input: unknown): Parsed<z.output<S>> {
  const result = schema.safeParse(input);
  return result.success ? { ok: true, value: result.data } : { ok: false, problems: describeIssues(result.error) };
}
