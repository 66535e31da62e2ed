import { uploadReferenceForSession } from '@/server/reference/session-upload';

// Browser upload of a reference CSV (multipart form) for a signed-in maintainer.
export async function POST(request: Request, { params }: { params: Promise<{ name: string }> }) {
  return uploadReferenceForSession(request, (await params).name);
}
