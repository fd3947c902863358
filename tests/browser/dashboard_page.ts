/**
 * Drives the dashboard in headless Chromium for tests/serve_test.ts:
 * `deno run --allow-all tests/browser/dashboard_page.ts <server url> <round> <screenshot dir> <upcoming round>`.
 * Its own process with all permissions, because playwright-core reads /proc
 * and the environment freely; the test suite keeps its narrow permissions.
 * Prints JSON: the win probabilities the race page shows, the number of
 * charts, its qualifying and head-to-head rows, the season page's
 * constructors and its text, the leading driver's and team's pages, and any
 * failed request or script error; and screenshots of each page and of the
 * HTML report the test wrote beside them (`report.html`).
 */

import { chromium } from "playwright-core";

const [url, round, shots, upcoming] = Deno.args;
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 1600 } });
  const failed: string[] = [];
  page.on("requestfailed", (request) => failed.push(request.url()));
  page.on("pageerror", (error) => failed.push(error.message));
  await page.goto(`${url}/#/race/${round}`);
  await page.waitForSelector("tr[data-driver] td.win");
  const shown = await page.$$eval(
    "tr[data-driver]",
    (rows) =>
      rows.map((row) => [row.getAttribute("data-driver"), row.querySelector(".win")?.getAttribute("data-value")]),
  );
  const charts = (await page.$$("svg")).length;
  const headToHead = await page.$$eval(
    "table.head-to-head tr td:nth-child(2)",
    (cells) => cells.map((c) => c.textContent),
  );
  await page.screenshot({ path: `${shots}/race-${round}.png`, fullPage: true });
  // A race whose qualifying is still to run shows its qualifying forecast.
  await page.goto(`${url}/#/race/${upcoming}`);
  await page.waitForSelector("table.qualifying");
  const qualifying = await page.$$eval(
    "table.qualifying tr[data-qualifier]",
    (rows) => rows.map((row) => row.getAttribute("data-qualifier")),
  );
  await page.screenshot({ path: `${shots}/race-${upcoming}.png`, fullPage: true });
  await page.goto(`${url}/#/`);
  await page.waitForSelector("table.races");
  await page.screenshot({ path: `${shots}/season.png`, fullPage: true });
  const teams = await page.$$eval(
    'table.standings[data-kind="teams"] tr[data-standing] td:first-child',
    (cells) => cells.map((cell) => cell.textContent),
  );
  const seasonText = await page.textContent("body");
  // The leaders' driver and team pages, reached by the standings' links.
  await page.click('table.standings[data-kind="drivers"] tr[data-standing] a');
  await page.waitForSelector("table.driver-results");
  await page.screenshot({ path: `${shots}/driver.png`, fullPage: true });
  const driver = {
    hash: await page.evaluate(() => location.hash),
    charts: (await page.$$("svg")).length,
    results: (await page.$$("table.driver-results tr")).length - 1,
    headToHead: (await page.$$("table.driver-head-to-head tr")).length - 1,
  };
  await page.goto(`${url}/#/`);
  await page.waitForSelector("table.races");
  await page.click('table.standings[data-kind="teams"] tr[data-standing] a');
  await page.waitForSelector("table.team-races");
  await page.screenshot({ path: `${shots}/team.png`, fullPage: true });
  const team = {
    hash: await page.evaluate(() => location.hash),
    charts: (await page.$$("svg")).length,
    rows: (await page.$$("table.team-races tr")).length - 1,
  };
  // The HTML report of the same predictions, as a reader opens it from disk.
  await page.goto(`file://${shots}/report.html`);
  await page.screenshot({ path: `${shots}/report.png`, fullPage: true });
  const reportCharts = (await page.$$("svg")).length;
  console.log(
    JSON.stringify({ reportCharts, shown, charts, qualifying, headToHead, teams, seasonText, driver, team, failed }),
  );
} finally {
  await browser.close();
}
