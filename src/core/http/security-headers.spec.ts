import { describe, expect, it } from 'vitest';
import { securityHeaders } from './security-headers';

describe('securityHeaders', () => {
  it("is helmet's header set for the service's options, computed once", () => {
    const headers = securityHeaders();
    expect(headers['Content-Security-Policy']).toMatch(/^default-src 'self';/);
    // plain-HTTP development docs: no upgrade-insecure-requests
    expect(headers['Content-Security-Policy']).not.toMatch(/upgrade-insecure-requests/);
    // the API is read from other origins
    expect(headers['Cross-Origin-Resource-Policy']).toBe('cross-origin');
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(headers['Strict-Transport-Security']).toMatch(/^max-age=\d+/);
    expect(Object.isFrozen(headers)).toBe(true);
  });

  it('fails at start on options helmet refuses', () => {
    expect(() =>
      securityHeaders({ contentSecurityPolicy: { directives: { 'script-src': ["'self';"] } } }),
    ).toThrow();
  });
});
