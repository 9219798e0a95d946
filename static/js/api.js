// The server's REST API. Every failure becomes an ApiError carrying the server's one error shape.

export class ApiError extends Error {
  constructor(body) {
    super(body.error || "request failed");
    this.body = body;
    this.status = body.status;
    this.layer = body.layer ?? null;
    this.arg = body.arg ?? null;
  }

  /** The message in the page's language (the server sends `error_ru` for Russian). */
  text(lang) {
    return (lang === "ru" && this.body.error_ru) || this.body.error || this.message;
  }
}

export function createApi(fetcher = window.fetch.bind(window)) {
  async function call(method, path, body, signal) {
    let response;
    try {
      response = await fetcher(path, {
        method,
        signal,
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      if (error.name === "AbortError") throw error;
      throw new ApiError({ status: 0, error: "the server cannot be reached", error_ru: "сервер недоступен" });
    }
    const text = await response.text();
    let json;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (!response.ok) {
      throw new ApiError(
        json && typeof json === "object" ? json : { status: response.status, error: `HTTP ${response.status}` },
      );
    }
    return json;
  }

  return {
    layers: () => call("GET", "/api/layers"),
    examples: () => call("GET", "/api/examples"),
    example: (id) => call("GET", `/api/examples/${encodeURIComponent(id)}`),
    summary: (spec, signal) => call("POST", "/api/models/summary", spec, signal),
    predict: (request, signal) => call("POST", "/api/models/predict", request, signal),
    code: (spec) => call("POST", "/api/models/code", spec),
    importModel: (body) => call("POST", "/api/models/import", body),
  };
}
