import { uploadReferenceEndpoint } from '@/server/reference/session-upload';

// Browser upload of a reference CSV (multipart form) for a signed-in maintainer.
export async function POST(request: Request, { params }: { params: Promise<{ name: string }> }) {
  return uploadReferenceEndpoint.serve(request, { model: (await params).name });
}
