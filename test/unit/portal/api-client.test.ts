import { describe, expect, it, vi } from 'vitest';
import { ApiError, createApiClient } from '../../../portal/src/api/client.ts';
import { fakeFetch } from './fake-fetch.ts';

function client(answers: Parameters<typeof fakeFetch>[0], token: string | null = 'tok') {
  const fake = fakeFetch(answers);
  const onUnauthenticated = vi.fn();
  const api = createApiClient({
    fetch: fake.fetch,
    token: () => token,
    language: () => 'fr',
    onUnauthenticated,
  });
  return { api, requests: fake.requests, onUnauthenticated };
}

describe('portal API client', () => {
  it('sends the bearer token and the language on every call', async () => {
    const { api, requests } = client({
      'GET /producers/huye-mountain-coffee/profile': {
        status: 200,
        body: { producerId: 'huye-mountain-coffee', version: 0, updatedAt: null, profile: {} },
      },
    });
    await api.getProfile('huye-mountain-coffee');
    expect(requests[0]?.headers).toMatchObject({
      authorization: 'Bearer tok',
      'accept-language': 'fr',
      accept: 'application/json',
    });
  });

  it('encodes path segments and leaves empty filters out of the query', async () => {
    const { api, requests } = client({
      'GET /producers/p1/catalogues/cat-1/findings': {
        status: 200,
        body: { items: [], nextCursor: null, total: 0 },
      },
      'GET /producers/p1/channels/tmall-global/items': {
        status: 200,
        body: {
          sku: 'AB/12',
          channel: 'tmall-global',
          state: 'SYNCED',
          reasons: [],
          warnings: [],
          item: null,
        },
      },
    });
    await api.listFindings('p1', 'cat-1', {
      limit: 50,
      cursor: null,
      severity: '',
      code: 'NUMBER_INVALID',
      sku: 'HU',
    });
    await api.getItem('p1', 'tmall-global', 'AB/12');
    expect(requests.map((request) => request.url)).toEqual([
      '/producers/p1/catalogues/cat-1/findings?limit=50&code=NUMBER_INVALID&sku=HU',
      '/producers/p1/channels/tmall-global/items?sku=AB%2F12',
    ]);
  });

  it('saves the profile over the version it read (If-Match), as JSON', async () => {
    const { api, requests } = client({
      'PUT /producers/p1/profile': {
        status: 200,
        body: { producerId: 'p1', version: 5, updatedAt: 'x', profile: {} },
      },
    });
    const saved = await api.saveProfile('p1', { defaults: { currency: 'RWF' }, columns: {}, values: {} }, 4);
    expect(saved.version).toBe(5);
    expect(requests[0]?.headers).toMatchObject({ 'if-match': '"4"', 'content-type': 'application/json' });
    expect(JSON.parse(requests[0]?.body ?? '')).toEqual({
      defaults: { currency: 'RWF' },
      columns: {},
      values: {},
    });
  });

  it("turns the API's error answer into an ApiError with its code, message and extra fields", async () => {
    const problems = [{ path: 'columns.Qté dispo', code: 'PROFILE_INVALID', message: 'unknown field "qty"' }];
    const { api } = client({
      'PUT /producers/p1/profile': {
        status: 400,
        body: { error: { code: 'PROFILE_INVALID', message: 'the profile has 1 problem', problems } },
      },
    });
    const failure = await api.saveProfile('p1', { defaults: {}, columns: {}, values: {} }, 0).catch((e) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({
      status: 400,
      code: 'PROFILE_INVALID',
      message: 'the profile has 1 problem',
    });
    expect((failure as ApiError).problems).toEqual(problems);
  });

  it('calls onUnauthenticated on 401 so the app can ask for a new sign-in', async () => {
    const { api, onUnauthenticated } = client({
      'GET /producers/p1/sync-status': {
        status: 401,
        body: { error: { code: 'UNAUTHENTICATED', message: 'no' } },
      },
    });
    await expect(api.getSyncStatus('p1')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);
  });

  it('gives a null code for an answer that is not ours, and status 0 when nothing answered', async () => {
    const { api } = client({
      'GET /producers/p1/feeds': { status: 502, body: '<html>Bad gateway</html>' },
      'GET /producers/p1/catalogues': new TypeError('Failed to fetch'),
    });
    await expect(api.listFeeds('p1')).rejects.toMatchObject({ status: 502, code: null });
    await expect(api.listCatalogues('p1')).rejects.toMatchObject({ status: 0, code: null });
  });

  it('tells a missing route (a server older than the portal) from a missing thing', async () => {
    const { api } = client({
      'GET /producers/p1/feeds': {
        status: 404,
        body: { error: { code: 'ROUTE_NOT_FOUND', message: 'no route' } },
      },
      'GET /producers/p1/feeds/freshippo': {
        status: 404,
        body: { error: { code: 'FEED_NOT_FOUND', message: 'x' } },
      },
    });
    const missingRoute = (await api.listFeeds('p1').catch((e) => e)) as ApiError;
    const missingFeed = (await api.downloadFeed('p1', 'freshippo').catch((e) => e)) as ApiError;
    expect([missingRoute.routeMissing, missingFeed.routeMissing]).toEqual([true, false]);
  });

  it('downloads a feed by following the redirect to the document', async () => {
    const { api, requests } = client({
      'GET /producers/p1/feeds/tmall-global': { status: 200, body: '{"channel":"tmall-global","items":[]}' },
    });
    const blob = await api.downloadFeed('p1', 'tmall-global');
    expect(await blob.text()).toBe('{"channel":"tmall-global","items":[]}');
    expect(requests[0]?.redirect).toBe('follow');
    // Asked as JSON, the route answers the link instead of redirecting to the document.
    expect((requests[0]?.headers ?? {}) as Record<string, string>).toMatchObject({ accept: '*/*' });
  });

  it('signs in locally with POST /dev/sign-in and no token', async () => {
    const { api, requests } = client(
      { 'POST /dev/sign-in': { status: 200, body: { token: 'dev-token' } } },
      null,
    );
    expect(await api.signInLocal('kayonza-avocado')).toBe('dev-token');
    expect(requests[0]?.headers.authorization).toBeUndefined();
    expect(JSON.parse(requests[0]?.body ?? '')).toEqual({ producerId: 'kayonza-avocado' });
  });
});
