// The request header through which proxy.ts tells server components the address asked for
// (path and query): a layout cannot read it otherwise, and a signed-out visitor sent to sign
// in must come back to it. Set by the proxy on every page request, so a client cannot choose it.
export const REQUEST_URL_HEADER = 'x-vigil-url';
