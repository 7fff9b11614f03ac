// Getting an export into the page: file picker, drag-and-drop, pasted JSON,
// or a URL the user typed. Files stay Blobs (the worker reads them, with
// progress); nothing is sent anywhere.
import { byId, h, setChildren } from './dom.js';
import { bytesText } from './format.js';
import { PageError } from './engine.js';

/** @typedef {{label: string, blob: Blob, how: string}} LoadedExport */

/**
 * Why a fetch was refused, in words: fetch() gives a bare TypeError for CORS
 * refusals, unreachable hosts and mixed content alike. `reached` is whether
 * a second, opaque request (mode 'no-cors') got an answer: when it did not,
 * the page could not connect at all, and that comes first; CORS is named
 * only when the server answered.
 */
export function fetchRefusedMessage(url, reached) {
  const origin = globalThis.location ? globalThis.location.origin : 'null';
  const mixed = globalThis.location && globalThis.location.protocol === 'https:' && /^http:/i.test(url);
  if (mixed) {
    return `Could not connect to ${url}: this page is served over https and the URL is http, and browsers block such "mixed content". ` +
      `Use the https address of the server, or download the export (curl -O '${url}') and load the file here.`;
  }
  if (!reached) {
    return [
      `Could not connect to ${url}.`,
      'The host is unreachable or refused the connection (is the server running, and is the address and port right?), or its certificate is not trusted.',
      `Check the address, or download the export (curl -O '${url}') and load the file here.`,
    ].join(' ');
  }
  return [
    `The server at ${url} answered, but the browser withheld the answer from this page (CORS):`,
    "the answer must carry an Access-Control-Allow-Origin header that allows this page's origin " +
      `(${origin}). FlagFlow's /migration/export does not send one.`,
    `Instead: download the export (curl -O '${url}') and load the file here, serve this page from FlagFlow's own origin ` +
      '(then a relative URL such as /migration/export works), or put a proxy that adds the header in front of FlagFlow.',
  ].join(' ');
}

/** Whether anything answers at `url` (an opaque no-cors request; its content is never read). */
async function reachable(url) {
  try {
    await fetch(url, { mode: 'no-cors', credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer' });
    return true;
  } catch {
    return false;
  }
}

/** `url` without user name and password (what the page may remember), or null when it is not a URL. */
export function withoutCredentials(url) {
  try {
    const parsed = new URL(url, globalThis.location ? globalThis.location.href : undefined);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.href;
  } catch {
    return null;
  }
}

/**
 * Fetches an export the user asked for, reporting bytes as they arrive.
 * @returns {Promise<Blob>}
 * @throws PageError with the reason (CORS and network refusals explained)
 */
export async function fetchExport(url, onProgress) {
  let parsed;
  try {
    parsed = new URL(url, globalThis.location ? globalThis.location.href : undefined);
  } catch {
    throw new PageError(`"${url}" is not a URL.`);
  }
  if (!/^https?:$/.test(parsed.protocol)) throw new PageError(`Only http and https URLs can be fetched, not ${parsed.protocol}`);
  if (parsed.username || parsed.password) {
    throw new PageError('The URL holds a user name or password: this page never sends or keeps credentials. ' +
      "FlagFlow's /migration/export needs no login; type the URL without them.");
  }
  let response;
  try {
    response = await fetch(parsed.href, { mode: 'cors', credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer' });
  } catch {
    throw new PageError(fetchRefusedMessage(parsed.href, await reachable(parsed.href)));
  }
  if (!response.ok) throw new PageError(`${parsed.href} answered HTTP ${response.status} ${response.statusText}`.trim());
  const total = Number(response.headers.get('content-length')) || 0;
  if (!response.body) return response.blob();
  const reader = response.body.getReader();
  const chunks = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    onProgress(loaded, total);
  }
  return new Blob(chunks, { type: 'application/json' });
}

/** One side (source or target): its card's controls and what is loaded. */
export class ExportCard {
  /**
   * @param {'source'|'target'} side
   * @param {{loaded: (side: string, value: LoadedExport) => void, progress: (text: string, percent: number|null) => void,
   *   droppedMany: (files: File[]) => void}} handlers  droppedMany: several files dropped on the card at once
   */
  constructor(side, handlers) {
    this.side = side;
    this.handlers = handlers;
    /** @type {LoadedExport | null} */
    this.value = null;
    this.card = byId(`${side}-card`);
    this.status = byId(`${side}-status`);
    this.error = byId(`${side}-error`);
    this.file = byId(`${side}-file`);
    this.url = byId(`${side}-url`);
    this.paste = byId(`${side}-paste`);
    // The last URL typed on this side (never a user name or password).
    try {
      const remembered = localStorage.getItem(`flagplan:url:${side}`);
      if (remembered && !this.url.value) this.url.value = remembered;
    } catch {
      // Storage refused (private mode, file://): nothing remembered.
    }
    this.file.addEventListener('change', () => {
      const file = this.file.files && this.file.files[0];
      if (file) this.set({ label: file.name, blob: file, how: 'file' });
    });
    byId(`${side}-fetch-form`).addEventListener('submit', (event) => {
      event.preventDefault();
      this.#fetch();
    });
    byId(`${side}-paste-use`).addEventListener('click', () => this.#usePaste());
    this.#dropZone();
  }

  /** Loads `value` (from any way in) and tells the page. */
  set(value) {
    this.value = value;
    this.showError('');
    this.card.classList.add('has-export');
    setChildren(this.status,
      h('span', { class: 'file-name', text: value.label }),
      h('span', { class: 'muted', text: ` ${bytesText(value.blob.size)} · ${value.how}` }));
    this.handlers.loaded(this.side, value);
  }

  /** Forgets what is loaded (the card says so again). */
  clear() {
    this.value = null;
    this.showError('');
    this.card.classList.remove('has-export');
    this.status.textContent = 'No export loaded. Drop a file here, or:';
  }

  showError(text) {
    this.error.textContent = text;
    this.error.hidden = !text;
  }

  async #fetch() {
    const url = this.url.value.trim();
    if (!url) {
      this.showError('Type the URL of an export first, e.g. https://flagflow.example.org/migration/export');
      return;
    }
    this.showError('');
    const remember = withoutCredentials(url);
    if (remember) {
      try {
        localStorage.setItem(`flagplan:url:${this.side}`, remember);
      } catch {
        // Storage refused: nothing remembered.
      }
    }
    this.handlers.progress(`Fetching ${url}…`, null);
    try {
      const blob = await fetchExport(url, (loaded, total) => {
        this.handlers.progress(`Fetching ${url}: ${bytesText(loaded)}${total ? ` of ${bytesText(total)}` : ''}`,
          total ? Math.round((loaded / total) * 100) : null);
      });
      this.handlers.progress('', null);
      this.set({ label: url, blob, how: 'fetched' });
    } catch (error) {
      this.handlers.progress('', null);
      this.showError(error instanceof PageError ? error.message : `Fetching failed: ${error.message}`);
    }
  }

  #usePaste() {
    const text = this.paste.value;
    if (!text.trim()) {
      this.showError('Paste the export JSON into the box first.');
      return;
    }
    this.set({ label: `pasted-${this.side}.json`, blob: new Blob([text], { type: 'application/json' }), how: 'pasted' });
  }

  #dropZone() {
    const card = this.card;
    let depth = 0;
    card.addEventListener('dragenter', (event) => {
      event.preventDefault();
      depth++;
      card.classList.add('is-dragging');
    });
    card.addEventListener('dragleave', () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) card.classList.remove('is-dragging');
    });
    card.addEventListener('dragover', (event) => {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    });
    card.addEventListener('drop', (event) => {
      event.preventDefault();
      event.stopPropagation();
      depth = 0;
      card.classList.remove('is-dragging');
      const files = event.dataTransfer.files;
      if (files && files.length > 1) {
        this.handlers.droppedMany([...files]);
        return;
      }
      if (files && files.length === 1) {
        this.set({ label: files[0].name, blob: files[0], how: 'dropped' });
        return;
      }
      const text = event.dataTransfer.getData('text/plain');
      if (text && text.trim().startsWith('{')) {
        this.set({ label: `dropped-${this.side}.json`, blob: new Blob([text], { type: 'application/json' }), how: 'dropped text' });
      } else {
        this.showError('Drop a FlagFlow export file (.json) here.');
      }
    });
  }
}
