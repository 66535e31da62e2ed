import { jsonError } from '@/server/rest/json-error';

// Unknown /api/v1 paths answer in the API's JSON error shape rather than an HTML page.
function notFound(request: Request) {
  return jsonError(404, 'not_found', `No API route ${request.method} ${new URL(request.url).pathname}.`);
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
