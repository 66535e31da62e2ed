import { downloadArtifactEndpoint } from '@/server/registry/session-download';

// Browser download for a signed-in user; machines use /api/v1/.../artifact with a token.
export async function GET(request: Request, { params }: { params: Promise<{ name: string; version: string }> }) {
  const { name, version } = await params;
  return downloadArtifactEndpoint.serve(request, { name, version: Number(version) });
}
