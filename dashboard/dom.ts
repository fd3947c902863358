/// <reference lib="dom" />
/**
 * What every dashboard page shares: the page's root, the API, escaping, and
 * a titled section.
 *
 * @module
 */

import { type ApiError, apiPath, type ApiResponses, type ApiRoute } from "../lib/format/api.ts";
import { escapeHtml } from "../lib/report/presentation.ts";

export const app = document.getElementById("app")!;
export const escape = escapeHtml;

/** An endpoint's answer, typed by the API's contract; an error answer throws with its message. */
export async function api<R extends ApiRoute>(route: R, parameter?: string | number): Promise<ApiResponses[R]> {
  const path = apiPath(route, parameter);
  const response = await fetch(path);
  const body = await response.json();
  if (!response.ok) throw new Error((body as Partial<ApiError>)?.error?.message ?? `${path}: ${response.status}`);
  return body as ApiResponses[R];
}

export function section(title: string, ...content: Array<Node | string>): HTMLElement {
  const element = document.createElement("section");
  element.innerHTML = `<h2>${escape(title)}</h2>`;
  for (const part of content) {
    // A table scrolls inside its own box, so a wide one never widens the page on a phone.
    if (typeof part === "string") {
      element.insertAdjacentHTML("beforeend", part.startsWith("<table") ? `<div class="scroll">${part}</div>` : part);
    } else element.append(part);
  }
  return element;
}

/** Charts are drawn to the page's width, up to `widest`; on a phone they fit the screen instead of overflowing it. */
export function chartWidth(widest = 900): number {
  return Math.max(300, Math.min(widest, app.clientWidth || widest));
}
