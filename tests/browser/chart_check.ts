/**
 * Checks the dashboard's charts in headless Chromium for tests/dashboard_charts_test.ts:
 * `deno run --allow-all tests/browser/chart_check.ts <server url> <screenshot dir> <hash> [<hash> ...]`.
 * Every page (`#/`, `#/race/18`, ..., and `report`: the HTML report in the screenshot folder) at desktop (1200 px) and phone (390 px) width: what Plot warned (a
 * warning is logged to the console and drawn as a "⚠" in the chart), whether the page is wider than the screen,
 * and every mark that reaches outside its chart (a bounding box beyond the SVG's own, by more than a pixel), with
 * a screenshot of each. Prints JSON: one entry per page and width, and any failed request or script error.
 */

import { chromium } from "playwright-core";

const [url, shots, ...hashes] = Deno.args;
const WIDTHS = [1200, 390];
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
try {
  const pages = [];
  const failed: string[] = [];
  for (const width of WIDTHS) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const warnings: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "warning" || message.type() === "error") warnings.push(message.text());
    });
    page.on("requestfailed", (request) => failed.push(request.url()));
    page.on("pageerror", (error) => failed.push(error.message));
    for (const hash of hashes) {
      warnings.length = 0;
      // "report" is the HTML report the test wrote beside the screenshots, opened from disk as a reader opens it.
      if (hash === "report") await page.goto(`file://${shots}/report.html`);
      else {
        await page.goto(`${url}/${hash}`);
        await page.waitForSelector(`body[data-ready="${hash}"]`);
      }
      const found = await page.evaluate(() => {
        const boxes = [...document.querySelectorAll("svg")].filter((svg) => svg.parentElement?.closest("svg") === null);
        const clipped: string[] = [];
        for (const svg of boxes) {
          const frame = svg.getBoundingClientRect();
          for (const mark of svg.querySelectorAll("g[aria-label] > *, g[aria-label] text")) {
            const box = mark.getBoundingClientRect();
            if (box.width === 0 && box.height === 0) continue;
            const out = box.left < frame.left - 1 || box.right > frame.right + 1 || box.top < frame.top - 1 ||
              box.bottom > frame.bottom + 1;
            if (out) {
              clipped.push(`${mark.parentElement?.getAttribute("aria-label")}: ${mark.textContent?.slice(0, 30)}`);
            }
          }
        }
        return {
          charts: boxes.length,
          warningSigns: boxes.filter((svg) => svg.textContent?.includes("⚠")).length,
          overflow: document.documentElement.scrollWidth - globalThis.innerWidth,
          clipped: [...new Set(clipped)].slice(0, 10),
          text: document.body.innerText,
          error: document.querySelector(".error")?.textContent ?? null,
        };
      });
      const name = `${hash.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "") || "season"}-${width}`;
      await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
      pages.push({ hash, width, warnings: [...warnings], ...found });
    }
    await page.close();
  }
  console.log(JSON.stringify({ pages, failed }));
} finally {
  await browser.close();
}
