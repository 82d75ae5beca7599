import { describe, expect, it } from 'vitest';
import { retryingDeadlocks } from './batching';

const failure = (code: string) => Object.assign(new Error(`failed with ${code}`), { code });

describe('retryingDeadlocks', () => {
  it('runs a deadlock victim again, up to 3 times in all', async () => {
    let calls = 0;
    await expect(
      retryingDeadlocks(async () => {
        calls += 1;
        if (calls < 3) throw failure('40P01');
        return 'done';
      }),
    ).resolves.toBe('done');
    expect(calls).toBe(3);

    calls = 0;
    await expect(
      retryingDeadlocks(async () => {
        calls += 1;
        throw failure('40P01');
      }),
    ).rejects.toThrow(/40P01/);
    expect(calls).toBe(3);
  });

  it('does not retry any other failure', async () => {
    let calls = 0;
    await expect(
      retryingDeadlocks(async () => {
        calls += 1;
        throw failure('23505');
      }),
    ).rejects.toThrow(/23505/);
    expect(calls).toBe(1);
  });
});
