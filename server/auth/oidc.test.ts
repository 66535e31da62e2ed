import { describe, expect, it } from 'vitest';
import { oidcConfigFromEnv, rolesFromGroups } from './oidc';

describe('OIDC configuration', () => {
  it('is off unless issuer, client id and secret are all set', () => {
    expect(oidcConfigFromEnv({ VIGIL_OIDC_ISSUER: 'https://idp.example' })).toBeNull();
  });

  const config = oidcConfigFromEnv({
    VIGIL_OIDC_ISSUER: 'https://idp.example/',
    VIGIL_OIDC_CLIENT_ID: 'vigil',
    VIGIL_OIDC_CLIENT_SECRET: 's3cret',
    VIGIL_OIDC_GROUP_ROLES: 'ml-platform=admin, ml-team=maintainer|viewer,risk=reviewer,bogus=superuser',
  })!;

  it('maps identity-provider groups to roles, ignoring unknown roles', () => {
    expect(config.issuer).toBe('https://idp.example');
    expect(rolesFromGroups(config, ['ml-team', 'risk'])).toEqual(['maintainer', 'reviewer', 'viewer']);
    expect(rolesFromGroups(config, ['bogus'])).toEqual(['viewer']);
  });

  it('falls back to the default roles when no group maps or the claim is missing', () => {
    expect(rolesFromGroups(config, undefined)).toEqual(['viewer']);
    expect(rolesFromGroups(config, 'ml-platform')).toEqual(['viewer']);
  });
});
