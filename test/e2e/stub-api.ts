import type { Page, Request } from 'playwright-core';
import { isApiPath } from '../../local/portal-assets.ts';

export type StubAnswer = { status: number; body?: unknown; headers?: Record<string, string> };
export type StubHandler = (request: Request, url: URL) => StubAnswer;

/**
 * Answers the portal's API calls in the page itself (page.route), by "METHOD /path", so the
 * portal can be driven before the real routes exist. Records what it was asked.
 */
export async function stubApi(
  page: Page,
  routes: Record<string, StubAnswer | StubHandler>,
  extraPrefixes: string[] = [],
) {
  const calls: { method: string; path: string; headers: Record<string, string>; body: string | null }[] = [];
  await page.route(
    (url) => isApiPath(url.pathname) || extraPrefixes.some((prefix) => url.pathname.startsWith(prefix)),
    async (route) => {
      const request = route.request();
      const url = new URL(request.url());
      calls.push({
        method: request.method(),
        path: `${url.pathname}${url.search}`,
        headers: request.headers(),
        body: request.postData(),
      });
      const stub = routes[`${request.method()} ${url.pathname}`];
      const answer: StubAnswer =
        typeof stub === 'function'
          ? stub(request, url)
          : (stub ?? {
              status: 404,
              body: {
                error: {
                  code: 'ROUTE_NOT_FOUND',
                  message: `no stub for ${request.method()} ${url.pathname}`,
                },
              },
            });
      await route.fulfill({
        status: answer.status,
        headers: { 'content-type': 'application/json; charset=utf-8', ...answer.headers },
        body: typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {}),
      });
    },
  );
  return calls;
}

/** A dev-style token for a producer (unsigned: the stub API does not check it). */
export function stubToken(producerId: string): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ 'custom:producerId': producerId, exp: 4102444800 })}.c2ln`;
}
