import { spawn, type ChildProcess } from 'node:child_process';

/** Runs a command to completion with inherited output; rejects on a non-zero exit. */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', env });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} exited with ${signal ?? code}`));
    });
  });
}

export function startService(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(command, args, { stdio: 'inherit', env });
  child.on('error', (error) => console.error(`[vigil] ${name} failed to start: ${error.message}`));
  return child;
}

export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export const bin = (name: string) => `node_modules/.bin/${name}`;

/**
 * A TypeScript entry point run as ONE node process, with tsx as its loader. The tsx command
 * would start node as a child of its own, so a supervisor would watch (and signal) the
 * wrapper: SIGKILL there would orphan the program instead of stopping it.
 */
export function typescriptEntry(script: string): { command: string; args: string[] } {
  return { command: process.execPath, args: ['--import', 'tsx', script] };
}
