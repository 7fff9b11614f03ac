// Building DOM nodes. Every piece of data reaches the page as text
// (textContent / createTextNode / attribute values), never as markup: no
// HTML parsing of any string anywhere in the site.

/**
 * Creates an element. `props`: `class` (string), `text` (textContent),
 * `attrs` (attribute name -> value; null/false skips it), `on` (event -> handler),
 * `dataset` (data-* values), anything else is assigned as a property
 * (`type`, `checked`, `disabled`, `id`, `htmlFor`, ...). Children are nodes or
 * strings (text nodes); null/undefined/false are skipped.
 * @returns {HTMLElement}
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props || {})) {
    if (value === undefined) continue;
    if (name === 'class') el.className = value;
    else if (name === 'text') el.textContent = value;
    else if (name === 'attrs') {
      for (const [attr, v] of Object.entries(value)) {
        if (v === null || v === false || v === undefined) continue;
        el.setAttribute(attr, v === true ? '' : String(v));
      }
    } else if (name === 'on') {
      for (const [event, handler] of Object.entries(value)) el.addEventListener(event, handler);
    } else if (name === 'dataset') {
      for (const [key, v] of Object.entries(value)) el.dataset[key] = String(v);
    } else el[name] = value;
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(typeof child === 'string' || typeof child === 'number' ? String(child) : child);
  }
}

/** Replaces an element's children with `children` (nodes or strings). */
export function setChildren(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** document.getElementById that fails loudly when the page and the script disagree. */
export function byId(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`flagplan page: element #${id} is missing`);
  return el;
}
