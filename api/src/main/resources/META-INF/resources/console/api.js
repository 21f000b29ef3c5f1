// The console's only way to the API: the key from the session, problem+json errors, cursor paging, the SSE feed.
import { SseParser } from "./sse.js";

const KEY = "citypulse.apiKey";

export class Unauthorized extends Error {}

export function apiKey() {
  return sessionStorage.getItem(KEY);
}

export function setApiKey(key) {
  if (key) {
    sessionStorage.setItem(KEY, key);
  } else {
    sessionStorage.removeItem(KEY);
  }
}

function headers(accept) {
  const h = { Accept: accept };
  const key = apiKey();
  if (key) {
    h["X-API-Key"] = key;
  }
  return h;
}

async function failure(response) {
  if (response.status === 401) {
    return new Unauthorized("the API asks for a key (401)");
  }
  let detail = response.statusText;
  try {
    detail = (await response.json()).detail || detail;
  } catch {
    // not problem+json
  }
  return new Error(`${response.url.replace(location.origin, "")} answered ${response.status}: ${detail}`);
}

export async function get(path) {
  const response = await fetch(path, { headers: headers("application/json") });
  if (!response.ok) {
    throw await failure(response);
  }
  return response.json();
}

/** Every item of a cursor-paged list. */
export async function allItems(path) {
  const items = [];
  let cursor = null;
  do {
    const sep = path.includes("?") ? "&" : "?";
    const page = await get(cursor ? `${path}${sep}cursor=${encodeURIComponent(cursor)}` : path);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/**
 * Reads the server-sent events at `path` and calls onData(parsedJson) per event, reconnecting with backoff
 * (1 s doubling to 30 s) until `signal` aborts; onState("live" | "reconnecting" | "needs key") reports the link.
 */
export async function follow(path, onData, onState, signal) {
  let backoff = 1000;
  while (!signal.aborted) {
    try {
      const response = await fetch(path, { headers: headers("text/event-stream"), signal });
      if (!response.ok) {
        throw await failure(response);
      }
      onState("live");
      backoff = 1000;
      const parser = new SseParser((event) => onData(JSON.parse(event.data)));
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          break;
        }
        parser.push(value);
      }
    } catch (e) {
      if (signal.aborted) {
        return;
      }
      if (e instanceof Unauthorized) {
        onState("needs key");
        return;
      }
    }
    onState("reconnecting");
    await new Promise((resolve) => setTimeout(resolve, backoff));
    backoff = Math.min(backoff * 2, 30000);
  }
}
