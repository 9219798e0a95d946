// The server's REST API. Every failure becomes an ApiError carrying the server's one error shape.

import { translator } from "./i18n.js";

export class ApiError extends Error {
  constructor(body) {
    super(body.error || "request failed");
    this.body = body;
    this.status = body.status;
    this.layer = body.layer ?? null;
    this.arg = body.arg ?? null;
  }

  /** The message in the page's language (the server sends `error_ru` for Russian; the page's own by `key`). */
  text(lang) {
    if (this.body.key) return translator(lang)(this.body.key);
    return (lang === "ru" && this.body.error_ru) || this.body.error || this.message;
  }
}

/** Answers worth one more try: the server was restarting or a replica was replaced (a proxy says 502 or 503). */
const RETRY_STATUSES = new Set([502, 503]);
const RETRY_AFTER_MS = 400;

/**
 * The API over `fetcher` (window.fetch). A request that changes nothing (GET, summary, predict) is tried once
 * more after a network error, a 502 or a 503.
 */
export function createApi(fetcher = window.fetch.bind(window), { retryAfter = RETRY_AFTER_MS } = {}) {
  async function send(method, path, body, signal) {
    try {
      return await fetcher(path, {
        method,
        signal,
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      if (error.name === "AbortError") throw error;
      return null;
    }
  }

  async function call(method, path, body, signal, { idempotent = method === "GET" } = {}) {
    let response = await send(method, path, body, signal);
    if (idempotent && (response === null || RETRY_STATUSES.has(response.status))) {
      await wait(retryAfter, signal);
      response = await send(method, path, body, signal);
    }
    if (response === null) {
      throw new ApiError({
        status: 0,
        key: "api.unreachable",
        error: translator("en")("api.unreachable"),
      });
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
    summary: (spec, signal) => call("POST", "/api/models/summary", spec, signal, { idempotent: true }),
    predict: (request, signal) => call("POST", "/api/models/predict", request, signal, { idempotent: true }),
    code: (body) => call("POST", "/api/models/code", body),
    importModel: (body) => call("POST", "/api/models/import", body),
    kernels: () => call("GET", "/api/kernels"),
    kernel: (body) => call("POST", "/api/models/kernel", body),
    /** A shipped picture's pixels, {shape: [H, W, C], values}, read in the browser (static/pictures/<name>.png). */
    picture: (name) => import("./picture_in.js").then((module) => module.shippedPicture(name)),
    gallery: () => call("GET", "/api/gallery"),
    galleryModel: (id) => call("GET", `/api/gallery/${encodeURIComponent(id)}`),
  };
}

/** Resolves after ms, or rejects at once when `signal` aborts. */
function wait(ms, signal) {
  return new Promise((resolve, reject) => {
    const stop = () => reject(new DOMException("aborted", "AbortError"));
    if (signal?.aborted) return stop();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      stop();
    });
  });
}
