// Minimal client of Vigil's REST API for the CLI: bearer token, JSON errors turned into messages.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The error body's `details`, for commands that report them their own way. */
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export interface ApiClient {
  baseUrl: string;
  request<T>(method: string, path: string, init?: { json?: unknown; body?: BodyInit; headers?: Record<string, string> }): Promise<T>;
}

export function apiClient(baseUrl: string, token: string): ApiClient {
  const base = baseUrl.replace(/\/$/, '');
  return {
    baseUrl: base,
    async request<T>(method: string, path: string, init: { json?: unknown; body?: BodyInit; headers?: Record<string, string> } = {}) {
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json', ...init.headers };
      let body = init.body;
      if (init.json !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(init.json);
      }
      let response: Response;
      try {
        response = await fetch(`${base}${path}`, { method, headers, body, ...(body instanceof ReadableStream ? { duplex: 'half' } : {}) } as RequestInit);
      } catch (error) {
        throw new ApiError(0, 'unreachable', `Cannot reach Vigil at ${base}: ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}`);
      }
      const text = await response.text();
      const data = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      if (!response.ok) {
        const details = Array.isArray(data.details) ? ` (${(data.details as { path: string; message: string }[]).map((d) => `${d.path}: ${d.message}`).join('; ')})` : '';
        throw new ApiError(response.status, String(data.code ?? 'error'), `${String(data.message ?? response.statusText)}${details}`, data.details);
      }
      return data as T;
    },
  };
}
