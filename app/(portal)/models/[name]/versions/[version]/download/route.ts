import { downloadForSession } from '@/server/registry/session-download';

// Browser download for a signed-in user; machines use /api/v1/.../artifact with a token.
export async function GET(_request: Request, { params }: { params: Promise<{ name: string; version: string }> }) {
  const { name, version } = await params;
  return downloadForSession(name, Number(version));
}
