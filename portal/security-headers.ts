/**
 * The portal's security headers, one list for both places that serve it: `feedbridge serve`
 * (local/portal-assets.ts) and the CloudFront response-headers policy
 * (lib/constructs/portal-distribution.ts), so the laptop behaves as the deployment does.
 */

/**
 * Nothing inline and nothing from elsewhere, except: product photos, which producers host on
 * their own https sites (the item preview shows them), and the few origins a deployment adds to
 * connect-src (Cognito's token endpoint, the bucket that takes presigned uploads).
 */
export function contentSecurityPolicy(extraConnectSources: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' https:",
    ["connect-src 'self'", ...extraConnectSources].join(' '),
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export const HSTS_MAX_AGE_SECONDS = 63_072_000;

/** Every header but the CSP, lower-case names; CloudFront maps each onto its policy's fields. */
export const SECURITY_HEADERS = {
  'strict-transport-security': `max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains`,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
} as const;

/** Hashed build files never change under their name; everything else is checked on each load. */
export const CACHE_CONTROL = {
  immutable: 'public, max-age=31536000, immutable',
  revalidate: 'no-cache',
} as const;

/** Where the build puts its hashed files (Vite's default assetsDir). */
export const ASSETS_PREFIX = '/assets/';
