import { describe, expect, it } from 'vitest';
import { BadPageRequest, errorReference } from './error-reference';

describe('errorReference', () => {
  it('reads the kind and request id of a logged failure', () => {
    expect(errorReference({ digest: 'vigil-internal:9f2c41aa0b7d13e5' })).toEqual({ code: 'internal', requestId: '9f2c41aa0b7d13e5', reference: '9f2c41aa0b7d13e5' });
    expect(errorReference({ digest: 'vigil-unavailable:0011aabb' })).toMatchObject({ code: 'unavailable', requestId: '0011aabb' });
  });

  it('recognises a bad page request, which has no request id to quote', () => {
    expect(errorReference(new BadPageRequest('a: expected a version number'))).toEqual({ code: 'bad_request', requestId: null, reference: null });
  });

  it("quotes Next.js's own digest when the failure is not one of Vigil's", () => {
    expect(errorReference({ digest: '2358021573' })).toEqual({ code: null, requestId: null, reference: '2358021573' });
  });

  it('has nothing to quote for an error without a digest', () => {
    expect(errorReference(new Error('boom'))).toEqual({ code: null, requestId: null, reference: null });
    expect(errorReference('thrown text')).toEqual({ code: null, requestId: null, reference: null });
  });
});
