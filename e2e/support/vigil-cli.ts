import { execFile } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './app-process';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the `vigil` command as a CI step would, against the app under test. */
export function vigil(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve) => {
    const childEnv: NodeJS.ProcessEnv = { NODE_ENV: 'production', PATH: process.env.PATH ?? '', ...env };
    execFile(process.execPath, [path.join(repoRoot, 'server/cli/vigil.mjs'), ...args], { cwd: repoRoot, env: childEnv, timeout: 150_000, encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}
