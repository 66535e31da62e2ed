import { db } from '@/db/client';
import { AppError } from '@/server/errors/app-error';
import { sessionEndpoint } from '@/server/rest/session-endpoint';
import { singleLineText } from '@/server/validation/input-primitives';
import { boundedChunks } from '@/server/rest/raw-body';
import { MAX_REFERENCE_BYTES, uploadedReference } from './reference-api';
import { receiveCsv } from './received-csv';
import { uploadReference } from './reference-service';

const nameSchema = singleLineText(200, { trim: true });

/** The dataset's name: the form's, else the file's; refused (400) when it is not a line of text. */
function uploadName(given: FormDataEntryValue | null, fileName: string): string {
  const name = nameSchema.parse(String(given ?? '')) || nameSchema.parse(fileName.slice(0, 200));
  return name || 'reference';
}

/** The UI's upload of a reference CSV (multipart form: `file`, optional `name`). */
export const uploadReferenceEndpoint = sessionEndpoint<{ model: string }>(
  { name: 'upload reference data', permission: 'monitoring:write', mutation: true },
  async ({ actor, request }, { model }) => {
    const tooLarge = () => new AppError('payload_too_large', 'Reference files are limited to 64 MiB.');
    if (Number(request.headers.get('content-length') ?? 0) > MAX_REFERENCE_BYTES) throw tooLarge();
    const form = await request.formData().catch(() => {
      throw new AppError('bad_request', 'Send the file as multipart/form-data.');
    });
    const file = form.get('file');
    if (!(file instanceof File)) throw new AppError('bad_request', 'Choose a CSV file.');
    const name = uploadName(form.get('name'), file.name);
    // The part's bytes as the browser sent them, hashed and decoded in chunks (no copy of the whole file).
    const csv = await receiveCsv(boundedChunks(file.stream(), MAX_REFERENCE_BYTES, tooLarge));
    const dataset = await uploadReference(db(), actor, { model, name, csv });
    return uploadedReference(dataset);
  },
);
