// A mistake in the command line: `vigil` prints it with the usage and exits 2.
export class UsageError extends Error {}

export function required(name: string, value: string | undefined): string {
  if (!value) throw new UsageError(`Missing ${name}.`);
  return value;
}
