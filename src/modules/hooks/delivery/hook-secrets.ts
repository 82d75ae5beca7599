import type { SecretBox } from '../../../core/crypto/secret-box';

/** The sealed secrets of a subscription, as its row stores them. */
export interface HookSecrets {
  sealed_secret: string;
  sealed_previous_secret: string | null;
  previous_secret_expires_at: Date | null;
}

export const hookSecretContext = (hookId: string): string => `hook:${hookId}`;

/** The secrets that sign now: the current one, and the previous one during a rotation's 24 hours. */
export function currentSecrets(box: SecretBox, hookId: string, row: HookSecrets, now = new Date()): string[] {
  const secrets = [box.open(row.sealed_secret, hookSecretContext(hookId))];
  if (
    row.sealed_previous_secret &&
    row.previous_secret_expires_at &&
    new Date(row.previous_secret_expires_at) > now
  ) {
    secrets.push(box.open(row.sealed_previous_secret, hookSecretContext(hookId)));
  }
  return secrets;
}
