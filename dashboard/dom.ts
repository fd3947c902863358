/// <reference lib="dom" />
/**
 * What every dashboard page shares: the page's root, the API, escaping, and
 * a titled section.
 *
 * @module
 */

import { escapeHtml } from "../lib/report/presentation.ts";

export const app = document.getElementById("app")!;
export const escape = escapeHtml;

export async function api<T>(path: string): Promise<T> {
  const response = await fetch(path);
  const body = await response.json();
  if (!response.ok) throw new Error(body?.error?.message ?? `${path}: ${response.status}`);
  return body as T;
}

export function section(title: string, ...content: Array<Node | string>): HTMLElement {
  const element = document.createElement("section");
  element.innerHTML = `<h2>${escape(title)}</h2>`;
  for (const part of content) {
    if (typeof part === "string") element.insertAdjacentHTML("beforeend", part);
    else element.append(part);
  }
  return element;
}
