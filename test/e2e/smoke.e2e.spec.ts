import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/test-app';

describe('smoke', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.close();
  });

  it('authenticates a seeded key', async () => {
    const ws = await api.createWorkspace();
    const res = await api.call('GET', '/api/v1/auth/me', { key: ws.ownerKey });
    expect(res.status).toBe(200);
    expect(res.body.workspace.id).toBe(ws.workspaceId);
  });
});
