import type {
  CatalogueReport,
  CatalogueSummary,
  ChannelItem,
  FeedSummary,
  FindingsPage,
  FindingsQuery,
  ListPage,
  ProfileDocument,
  ProfileProblem,
  ProfileRecord,
  ReadAgainResult,
  SyncStatus,
  SyncStatusQuery,
  UploadFormat,
  UploadMode,
  UploadTicket,
} from './types.ts';

/**
 * An answer that is not a success. `code` is the API's stable code (`{ "error": { "code" } }`),
 * or null when the answer was not one of ours (a proxy's error page) or never came (`status` 0).
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string | null,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }

  /** PROFILE_INVALID's list of every problem, when the answer carries one. */
  get problems(): ProfileProblem[] {
    const problems = this.details.problems;
    return Array.isArray(problems) ? (problems as ProfileProblem[]) : [];
  }

  /** The route itself is missing (a server older than the portal), not the thing it names. */
  get routeMissing(): boolean {
    return (
      this.code === 'ROUTE_NOT_FOUND' ||
      this.code === 'METHOD_NOT_ALLOWED' ||
      ((this.status === 404 || this.status === 405) && this.code === null)
    );
  }
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface ApiClientOptions {
  fetch: FetchLike;
  /** '' for the portal's own origin (the API is served beside it). */
  baseUrl?: string;
  token: () => string | null;
  /** Sent as Accept-Language so messages come back in the producer's language. */
  language: () => string;
  /** Called on every 401, so the app can send the producer back to sign-in. */
  onUnauthenticated?: () => void;
}

const segment = (value: string) => encodeURIComponent(value);

function query(parameters: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

async function errorOf(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  try {
    const body: unknown = JSON.parse(text);
    const error = (body as { error?: unknown } | null)?.error;
    if (error && typeof error === 'object' && typeof (error as { code?: unknown }).code === 'string') {
      const { code, message, ...details } = error as Record<string, unknown>;
      return new ApiError(response.status, code as string, String(message ?? ''), details);
    }
  } catch {
    // not JSON: a gateway or proxy answered, not the API
  }
  return new ApiError(response.status, null, `HTTP ${response.status}`);
}

export function createApiClient(options: ApiClientOptions) {
  const base = options.baseUrl ?? '';

  function headers(extra: Record<string, string> = {}): Record<string, string> {
    const token = options.token();
    return {
      accept: 'application/json',
      'accept-language': options.language(),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...extra,
    };
  }

  async function send(path: string, init: RequestInit = {}): Promise<Response> {
    let response: Response;
    try {
      response = await options.fetch(`${base}${path}`, {
        ...init,
        headers: headers(init.headers as Record<string, string> | undefined),
      });
    } catch (error) {
      throw new ApiError(0, null, error instanceof Error ? error.message : String(error));
    }
    if (response.ok) return response;
    const failure = await errorOf(response);
    if (response.status === 401) options.onUnauthenticated?.();
    throw failure;
  }

  async function json<T>(path: string, init: RequestInit = {}): Promise<T> {
    const response = await send(path, init);
    return (await response.json()) as T;
  }

  const jsonBody = (method: string, body: unknown, extra: Record<string, string> = {}): RequestInit => ({
    method,
    headers: { 'content-type': 'application/json', ...extra },
    body: JSON.stringify(body),
  });

  const producer = (producerId: string) => `/producers/${segment(producerId)}`;
  const catalogue = (producerId: string, catalogueId: string) =>
    `${producer(producerId)}/catalogues/${segment(catalogueId)}`;

  return {
    /** Local serve only: a dev token for a producer (the route does not exist in a deployment). */
    async signInLocal(producerId: string): Promise<string> {
      const answer = await json<{ token: string }>('/dev/sign-in', jsonBody('POST', { producerId }));
      return answer.token;
    },

    listCatalogues(producerId: string, page: { limit?: number; cursor?: string | null } = {}) {
      return json<ListPage<CatalogueSummary>>(
        `${producer(producerId)}/catalogues${query({ limit: page.limit, cursor: page.cursor })}`,
      );
    },

    getCatalogue(
      producerId: string,
      catalogueId: string,
      page: { limit?: number; cursor?: string | null } = {},
    ) {
      return json<CatalogueReport>(
        `${catalogue(producerId, catalogueId)}${query({ limit: page.limit, cursor: page.cursor })}`,
      );
    },

    listFindings(producerId: string, catalogueId: string, filters: FindingsQuery = {}) {
      return json<FindingsPage>(
        `${catalogue(producerId, catalogueId)}/findings${query({
          limit: filters.limit,
          cursor: filters.cursor,
          severity: filters.severity,
          code: filters.code,
          field: filters.field,
          sku: filters.sku,
        })}`,
      );
    },

    /** `size` (bytes) is signed into the URL, so the object store takes exactly that many bytes. */
    createUpload(
      producerId: string,
      request: { fileName: string; format?: UploadFormat; mode: UploadMode; size?: number },
    ) {
      return json<UploadTicket>(`${producer(producerId)}/uploads`, jsonBody('POST', request));
    },

    /** Where the direct route takes a small file as the request body (sent with progress by XHR). */
    directUploadUrl(
      producerId: string,
      request: { fileName: string; format?: UploadFormat; mode: UploadMode },
    ) {
      return `${base}${producer(producerId)}/catalogues${query({
        format: request.format,
        mode: request.mode,
        fileName: request.fileName,
      })}`;
    },

    /** The headers every call carries (token, language), for requests sent outside fetch. */
    headers,

    readAgain(producerId: string, catalogueId: string) {
      return json<ReadAgainResult>(`${catalogue(producerId, catalogueId)}/reads`, { method: 'POST' });
    },

    getProfile(producerId: string) {
      return json<ProfileRecord>(`${producer(producerId)}/profile`);
    },

    /** Saves over `version` only: another save in between answers 409 PROFILE_VERSION_CONFLICT. */
    saveProfile(producerId: string, profile: ProfileDocument, version: number) {
      return json<ProfileRecord>(
        `${producer(producerId)}/profile`,
        jsonBody('PUT', profile, { 'if-match': `"${version}"` }),
      );
    },

    getSyncStatus(producerId: string, filters: SyncStatusQuery = {}) {
      return json<SyncStatus>(
        `${producer(producerId)}/sync-status${query({
          channel: filters.channel,
          state: filters.state,
          ruleEffect: filters.ruleEffect,
          sku: filters.sku,
          limit: filters.limit,
          cursor: filters.cursor,
        })}`,
      );
    },

    /** By `?sku=`: a SKU may hold "/", which an HTTP API decodes before routing a path. */
    getItem(producerId: string, channel: string, sku: string) {
      return json<ChannelItem>(`${producer(producerId)}/channels/${segment(channel)}/items${query({ sku })}`);
    },

    listFeeds(producerId: string) {
      return json<{ feeds: FeedSummary[] }>(`${producer(producerId)}/feeds`);
    },

    /**
     * The channel's current full document; the route redirects to a short-lived download URL. Not
     * asked as JSON: to `Accept: application/json` the route answers the link ({ url, expiresAt })
     * instead of the document.
     */
    async downloadFeed(producerId: string, channel: string, target?: string): Promise<Blob> {
      const response = await send(`${producer(producerId)}/feeds/${segment(channel)}${query({ target })}`, {
        redirect: 'follow',
        headers: { accept: '*/*' },
      });
      return response.blob();
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
