// Getting an export into the page: file picker, drag-and-drop, pasted JSON,
// or a URL the user typed. Files stay Blobs (the worker reads them, with
// progress); nothing is sent anywhere.
import { byId, h, setChildren } from './dom.js';
import { bytesText } from './format.js';
import { PageError } from './engine.js';

/** @typedef {{label: string, blob: Blob, how: string}} LoadedExport */

/**
 * Why a fetch was refused, in words: fetch() gives a bare TypeError for CORS
 * refusals, unreachable hosts and mixed content alike.
 */
export function fetchRefusedMessage(url) {
  const origin = globalThis.location ? globalThis.location.origin : 'null';
  const mixed = globalThis.location && globalThis.location.protocol === 'https:' && /^http:/i.test(url);
  return [
    `The browser could not read ${url}.`,
    mixed ? 'This page is served over https and the URL is http: browsers block such "mixed content".' : null,
    'Most often the server does not allow other sites to read it (CORS): the answer must carry an ' +
      `Access-Control-Allow-Origin header that allows this page's origin (${origin}). ` +
      "FlagFlow's /migration/export does not send one, so the browser withholds the answer even when the server sent it.",
    'Other causes: the host is unreachable, or the certificate is not trusted.',
    `Instead: download the export (curl -O '${url}') and load the file here, or put a proxy that adds the header in front of FlagFlow.`,
  ].filter(Boolean).join(' ');
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
  let response;
  try {
    response = await fetch(parsed.href, { mode: 'cors', credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer' });
  } catch {
    throw new PageError(fetchRefusedMessage(parsed.href));
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
   * @param {{loaded: (side: string, value: LoadedExport) => void, progress: (text: string, percent: number|null) => void}} handlers
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
      if (files && files.length > 0) {
        if (files.length > 1) this.showError(`Dropped ${files.length} files: loaded the first, ${files[0].name}.`);
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
