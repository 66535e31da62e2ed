/** The human message of a failed tRPC call, for forms and callouts. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : 'Something went wrong. Try again.';
}
