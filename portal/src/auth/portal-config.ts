/**
 * How the portal signs producers in, read from /config.json served beside the app: `local` on
 * `feedbridge serve` (dev tokens), `cognito` in a deployment (managed login, code flow with PKCE).
 */
export type PortalConfig =
  | { auth: 'local' }
  | { auth: 'cognito'; domain: string; clientId: string; redirectUri: string; logoutUri?: string };

export class PortalConfigError extends Error {
  override readonly name = 'PortalConfigError';
}

function httpsUrl(value: unknown, name: string): string {
  if (typeof value !== 'string') throw new PortalConfigError(`config.json: ${name} must be a string`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new PortalConfigError(`config.json: ${name} is not a URL`);
  }
  // Tokens travel to and from these addresses: never over plain HTTP.
  if (url.protocol !== 'https:') throw new PortalConfigError(`config.json: ${name} must be https`);
  return value.replace(/\/$/, '');
}

export function parsePortalConfig(value: unknown): PortalConfig {
  const record = (value ?? {}) as Record<string, unknown>;
  if (record.auth === 'local') return { auth: 'local' };
  if (record.auth === 'cognito') {
    if (typeof record.clientId !== 'string' || record.clientId.length === 0) {
      throw new PortalConfigError('config.json: clientId must be a non-empty string');
    }
    return {
      auth: 'cognito',
      domain: httpsUrl(record.domain, 'domain'),
      clientId: record.clientId,
      redirectUri: httpsUrl(record.redirectUri, 'redirectUri'),
      ...(record.logoutUri === undefined ? {} : { logoutUri: httpsUrl(record.logoutUri, 'logoutUri') }),
    };
  }
  throw new PortalConfigError('config.json: auth must be "local" or "cognito"');
}
