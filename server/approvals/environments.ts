import { AppError } from '@/server/errors/app-error';

const DEFAULT_ENVIRONMENTS = ['staging', 'production'];
const SLUG = /^[a-z][a-z0-9-]{0,39}$/;

/** Deployment environments, in promotion order, from VIGIL_ENVIRONMENTS (default `staging,production`). */
export function configuredEnvironments(env: string | undefined = process.env.VIGIL_ENVIRONMENTS): string[] {
  const names = (env ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const valid = [...new Set(names.filter((n) => SLUG.test(n)))];
  return valid.length > 0 ? valid : DEFAULT_ENVIRONMENTS;
}

/** Throws 400 (or `code`) when `environment` is not configured. */
export function requireEnvironment(environment: string, code: 'bad_request' | 'not_found' = 'bad_request'): string {
  const environments = configuredEnvironments();
  if (!environments.includes(environment)) {
    throw new AppError(code, `Unknown environment '${environment}'; configured: ${environments.join(', ')}.`);
  }
  return environment;
}
