/** A scripted stand-in for fetch: answers by "METHOD path", records every request it was sent. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
  redirect: RequestInit['redirect'];
}

export type Answer = { status: number; body?: unknown; headers?: Record<string, string> } | Error;

export function fakeFetch(answers: Record<string, Answer | Answer[]>) {
  const requests: RecordedRequest[] = [];
  const fetch = async (input: string, init: RequestInit = {}): Promise<Response> => {
    const method = init.method ?? 'GET';
    const url = new URL(input, 'https://portal.example');
    requests.push({
      method,
      url: input,
      headers: Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>)),
      body: typeof init.body === 'string' ? init.body : null,
      redirect: init.redirect,
    });
    const key = `${method} ${url.pathname}`;
    const scripted = answers[key];
    const answer = Array.isArray(scripted) ? scripted.shift() : scripted;
    if (answer === undefined) return new Response(JSON.stringify({ message: 'Not Found' }), { status: 404 });
    if (answer instanceof Error) throw answer;
    const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {});
    return new Response(text, { status: answer.status, headers: answer.headers ?? {} });
  };
  return { fetch, requests };
}
