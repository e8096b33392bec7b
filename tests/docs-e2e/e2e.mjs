// End-to-end test of the generated docs site in headless Chromium, driven through chromedriver
// (the W3C WebDriver protocol over Node's built-in fetch: no npm packages).
//
//   node e2e.mjs --chromium PATH --chromedriver PATH --ecommerce DIR --synthetic DIR --out DIR
//                [--served URL --served-plan FILE]
//
// Opens the e-commerce site from file://, searches, filters by owner, opens an event page,
// checks its properties table, looks at it as a phone, in dark mode and in print, and times
// searches on the 3,000-event site. Given a `codegen docs --serve` URL and the plan file it
// serves, it also edits the plan and watches the open page reload itself. Screenshots (and a PDF) go to --out. Prints one JSON
// summary line on stdout; exits 1 with the failed check on stderr.

import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const options = parseArgs(process.argv.slice(2));
const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
const ENTER = "\uE007";
const summary = { checks: [], screenshots: [], timings: {} };

function parseArgs(args) {
  const out = {};
  for (let i = 0; i < args.length; i += 2) {
    if (!args[i].startsWith("--") || args[i + 1] === undefined) {
      throw new Error(`bad argument ${args[i]}`);
    }
    out[args[i].slice(2)] = args[i + 1];
  }
  for (const name of ["chromium", "chromedriver", "ecommerce", "synthetic", "out"]) {
    if (!out[name]) {
      throw new Error(`missing --${name}`);
    }
  }
  return out;
}

function check(condition, what, detail) {
  if (!condition) {
    throw new Error(`check failed: ${what}${detail === undefined ? "" : `\n  got: ${JSON.stringify(detail)}`}`);
  }
  summary.checks.push(what);
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

class Driver {
  constructor(base) {
    this.base = base;
  }

  async call(method, path, body) {
    const response = await fetch(this.base + path, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = await response.json();
    if (!response.ok) {
      throw new Error(`${method} ${path}: ${JSON.stringify(answer.value && answer.value.message || answer)}`);
    }
    return answer.value;
  }

  async start(chromium, profile) {
    const value = await this.call("POST", "/session", {
      capabilities: {
        alwaysMatch: {
          browserName: "chrome",
          "goog:loggingPrefs": { browser: "ALL" },
          "goog:chromeOptions": {
            binary: chromium,
            // Without the networking switches Chromium keeps dialling hosts this network refuses.
            args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
              "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
              "--hide-scrollbars", "--window-size=1280,900", `--user-data-dir=${profile}`],
          },
        },
      },
    });
    this.session = `/session/${value.sessionId}`;
  }

  s(path, method = "GET", body) {
    return this.call(method, this.session + path, body);
  }

  open(url) {
    return this.s("/url", "POST", { url });
  }

  url() {
    return this.s("/url");
  }

  run(script, ...args) {
    return this.s("/execute/sync", "POST", { script, args });
  }

  async find(css) {
    return (await this.s("/element", "POST", { using: "css selector", value: css }))[ELEMENT];
  }

  async findAll(css) {
    return (await this.s("/elements", "POST", { using: "css selector", value: css })).map((e) => e[ELEMENT]);
  }

  click(element) {
    return this.s(`/element/${element}/click`, "POST", {});
  }

  type(element, text) {
    return this.s(`/element/${element}/value`, "POST", { text });
  }

  clear(element) {
    return this.s(`/element/${element}/clear`, "POST", {});
  }

  text(element) {
    return this.s(`/element/${element}/text`);
  }

  cdp(cmd, params = {}) {
    return this.s("/goog/cdp/execute", "POST", { cmd, params });
  }

  logs() {
    return this.s("/se/log", "POST", { type: "browser" });
  }

  // The whole page, down to `maxHeight` CSS pixels.
  async screenshot(name, maxHeight = 6000) {
    const metrics = await this.cdp("Page.getLayoutMetrics");
    const size = metrics.cssContentSize || metrics.contentSize;
    const viewport = metrics.cssLayoutViewport || metrics.layoutViewport;
    const shot = await this.cdp("Page.captureScreenshot", {
      format: "png",
      captureBeyondViewport: true,
      clip: { x: 0, y: 0, width: viewport.clientWidth, height: Math.min(Math.ceil(size.height), maxHeight), scale: 1 },
    });
    const path = join(options.out, name);
    writeFileSync(path, Buffer.from(shot.data, "base64"));
    summary.screenshots.push(path);
  }

  stop() {
    return this.s("", "DELETE");
  }
}

// Rows of the event list that are shown, in display order.
const VISIBLE_NAMES =
  "return Array.from(document.querySelectorAll('#event-list > li .event-name')).map(a => a.textContent)";

async function waitFor(driver, script, what) {
  for (let i = 0; i < 100; i++) {
    if (await driver.run(script)) {
      return;
    }
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function ecommerce(driver) {
  const index = pathToFileURL(join(resolve(options.ecommerce), "index.html")).href;
  await driver.open(index);
  check((await driver.run("return document.title")) === "Events · Acme Shop", "index title");
  await waitFor(driver, "return document.documentElement.classList.contains('search-ready')", "site.js");
  check((await driver.run(VISIBLE_NAMES)).length === 29, "all 29 events listed");
  await driver.screenshot("index.png");

  // Search: the best match comes first.
  const search = await driver.find("#search");
  await driver.type(search, "order comp");
  let names = await driver.run(VISIBLE_NAMES);
  check(names[0] === "Order Completed", "searching 'order comp' ranks Order Completed first", names);
  check(names.length < 29, "search narrows the list", names);
  check((await driver.text(await driver.find("#result-count"))).startsWith(`${names.length} of 29`), "result count");
  await driver.type(search, "xyzzy-nothing");
  check((await driver.run(VISIBLE_NAMES)).length === 0, "a search without match shows nothing");
  check(await driver.run("return !document.getElementById('no-results').hidden"), "and says so");
  await driver.screenshot("index-no-results.png");
  await driver.clear(search);
  await driver.type(search, "wishlist_id");
  names = await driver.run(VISIBLE_NAMES);
  check(names.length > 0 && names.every((n) => n.includes("Wishlist")), "property names are searchable", names);
  await driver.screenshot("index-search.png");
  await driver.clear(search);
  await driver.run("const s = document.getElementById('search'); s.dispatchEvent(new Event('input'));");

  // Filter by owner.
  const options_ = await driver.findAll("select[data-facet=owner] option");
  let payments;
  for (const option of options_) {
    if ((await driver.text(option)).startsWith("payments-team")) {
      payments = option;
    }
  }
  check(payments !== undefined, "the owner filter offers payments-team");
  await driver.click(await driver.find("select[data-facet=owner]"));
  await driver.click(payments);
  names = await driver.run(VISIBLE_NAMES);
  const owners = await driver.run(
    "return Array.from(document.querySelectorAll('#event-list > li .meta-owners')).map(e => e.textContent)");
  check(names.length === 4 && owners.every((o) => o.includes("payments-team")), "owner filter keeps payments-team's events", { names, owners });
  check((await driver.url()).includes("owner=payments-team"), "the filter is kept in the URL");
  check(!(await driver.run("return document.getElementById('reset').hidden")), "a clear-filters button appears");
  await driver.screenshot("index-owner-filter.png");
  await driver.click(await driver.find("#reset"));
  check((await driver.run(VISIBLE_NAMES)).length === 29, "clearing the filter shows everything again");

  // Open an event from the search with Enter.
  await driver.type(search, "Order Completed");
  await driver.type(search, ENTER);
  await waitFor(driver, "return location.pathname.endsWith('/events/order-completed.html')", "the event page");
  check((await driver.text(await driver.find("h1"))) === "Order Completed", "Enter opens the first result");
  const rows = await driver.run(`return Array.from(document.querySelectorAll('table.properties tbody tr')).map(r => ({
      name: r.querySelector('.prop-name').textContent,
      type: r.querySelector('.col-type').textContent.trim(),
      rules: r.querySelector('.col-rules').textContent.trim(),
      flags: r.querySelector('.flags').textContent.trim() }))`);
  const row = (name) => rows.find((r) => r.name === name) || {};
  check(rows.length > 20, "the properties table lists own, group and nested properties", rows.length);
  check(row("order_id").flags.includes("required") && row("order_id").rules.includes("^ORD-[0-9]{6}$"), "order_id: required, pattern", row("order_id"));
  check(row("products").type.startsWith("array of") && row("products").type.includes("Product"), "products: array of Product", row("products"));
  check(row("products[].price").type === "number definition Money" && row("products[].price").rules.includes("≥ 0"), "nested products[].price, from the Money definition", row("products[].price"));
  check(row("coupon").flags.includes("nullable"), "coupon is nullable", row("coupon"));
  check(row("currency").rules.includes("USD") && row("currency").rules.includes("EUR"), "currency enum values", row("currency"));
  check(await driver.run("return document.documentElement.scrollWidth <= window.innerWidth"), "no sideways scrolling on desktop");
  await driver.screenshot("event-order-completed.png");

  // Back to the index: the search is still there.
  await driver.s("/back", "POST", {});
  await waitFor(driver, "return document.documentElement.classList.contains('search-ready')", "the index again");
  check((await driver.run("return document.getElementById('search').value")) === "order completed", "going back keeps the search");
  check((await driver.run(VISIBLE_NAMES))[0] === "Order Completed", "and its results");

  // A phone.
  await driver.cdp("Emulation.setDeviceMetricsOverride", { width: 390, height: 844, deviceScaleFactor: 2, mobile: true });
  await driver.open(index);
  await waitFor(driver, "return document.documentElement.classList.contains('search-ready')", "the index on a phone");
  check(await driver.run("return document.documentElement.scrollWidth <= window.innerWidth"), "the index fits a phone");
  await driver.screenshot("phone-index.png", 1600);
  await driver.open(new URL("events/order-completed.html", index).href);
  check(await driver.run("return document.documentElement.scrollWidth <= window.innerWidth"), "the event page fits a phone");
  check(await driver.run("return getComputedStyle(document.querySelector('table.properties thead')).display === 'none'"),
    "property rows become cards on a phone");
  await driver.screenshot("phone-event-order-completed.png", 1600);
  await driver.cdp("Emulation.clearDeviceMetricsOverride");

  // Dark mode.
  await driver.cdp("Emulation.setEmulatedMedia", { features: [{ name: "prefers-color-scheme", value: "dark" }] });
  const dark = await driver.run("return getComputedStyle(document.body).backgroundColor");
  check(dark === "rgb(18, 22, 29)", "dark mode follows prefers-color-scheme", dark);
  await driver.screenshot("dark-event-order-completed.png");
  await driver.open(index);
  await driver.screenshot("dark-index.png");

  // Print.
  await driver.open(new URL("events/order-completed.html", index).href);
  await driver.cdp("Emulation.setEmulatedMedia", { media: "print", features: [] });
  check(await driver.run("return getComputedStyle(document.querySelector('.site-header')).display === 'none'"), "print hides the navigation");
  await driver.screenshot("print-event-order-completed.png");
  await driver.cdp("Emulation.setEmulatedMedia", { media: "", features: [] });
  const pdf = await driver.cdp("Page.printToPDF", { printBackground: false });
  writeFileSync(join(options.out, "event-order-completed.pdf"), Buffer.from(pdf.data, "base64"));
  check(await driver.run("return document.querySelector('details.schema').open === false"), "print opens details only while printing");

  // A plain-value definition links to its page, which lists what uses it.
  await driver.open(new URL("events/order-completed.html", index).href);
  await driver.click(await driver.find("a.definition-link[href$='types/money.html']"));
  await waitFor(driver, "return location.pathname.endsWith('/types/money.html')", "the Money definition page");
  const uses = await driver.run("return Array.from(document.querySelectorAll('.definition-users li')).map(li => li.textContent)");
  check(uses.some((use) => use.includes("Order Completed") && use.includes("total")), "Money lists Order Completed › total", uses);

  // The other kinds of page.
  for (const [file, shot, heading] of [
    ["identify.html", "identify.png", "Identify"],
    ["types.html", "types.png", "Types"],
    ["types/product.html", "type-product.png", "Product"],
    ["types/money.html", "definition-money.png", "Money"],
    ["changes.html", "changes.png", "Changes since 3.1.0"],
    ["about.html", "about.png", "About this plan"],
    ["events/added-to-wishlist.html", "event-deprecated.png", "Added to Wishlist"],
  ]) {
    await driver.open(new URL(file, index).href);
    check((await driver.text(await driver.find("h1"))) === heading, `${file} shows ${heading}`);
    await driver.screenshot(shot);
  }

  // Nothing went wrong in the console (script errors, CSP violations, blocked loads).
  const problems = (await driver.logs()).filter((entry) => entry.level === "SEVERE" || entry.level === "WARNING");
  check(problems.length === 0, "no errors or warnings in the browser console", problems);
}

async function synthetic(driver) {
  const index = pathToFileURL(join(resolve(options.synthetic), "index.html")).href;
  await driver.open(index);
  await waitFor(driver, "return document.documentElement.classList.contains('search-ready')", "the 3,000-event index");
  summary.timings.load_ms = await driver.run(
    "const n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd - n.startTime");
  check((await driver.run(VISIBLE_NAMES)).length === 100, "the first 100 of 3,000 events are shown");
  check((await driver.text(await driver.find("#result-count"))) === "3000 events, showing the first 100", "the count says so");
  await driver.click(await driver.find("#show-more"));
  check((await driver.run(VISIBLE_NAMES)).length === 200, "'show more' adds 100");
  // Each search runs the page's own input handler and forces layout, as typing would. Three
  // rounds over the queries: the figures are the median and the worst of all of them.
  const queries = ["o", "or", "ord", "order", "order comp", "viewed", "team-3", "account archived 572", "zzz", ""];
  const runs = [];
  for (let round = 0; round < 3; round++) {
    runs.push(...await driver.run(`
      const input = document.getElementById('search');
      const out = [];
      for (const query of arguments[0]) {
        const start = performance.now();
        input.value = query;
        input.dispatchEvent(new Event('input'));
        document.body.offsetHeight;
        const ms = performance.now() - start;
        out.push({ query, ms, shown: document.querySelectorAll('#event-list > li').length });
      }
      return out;`, queries));
  }
  summary.timings.search = runs;
  const sorted = runs.map((r) => r.ms).sort((a, b) => a - b);
  summary.timings.search_median_ms = sorted[Math.floor(sorted.length / 2)];
  summary.timings.search_p90_ms = sorted[Math.floor(sorted.length * 0.9)];
  summary.timings.search_max_ms = sorted[sorted.length - 1];
  const exact = runs.find((r) => r.query === "account archived 572");
  check(exact.shown >= 1, "an exact name finds its event among 3,000", exact);
  check(runs[runs.length - 1].shown === 100, "clearing the search shows the first page of all events again");
  check(runs.find((r) => r.query === "zzz").shown === 0, "a query without match shows nothing");
  await driver.screenshot("synthetic-index.png");
}

// Live reload: edit the served plan, and the open page reloads into the new content, into
// the diagnostics while the plan is broken, and back once it is fixed.
async function served(driver) {
  const plan = options["served-plan"];
  const original = readFileSync(plan, "utf8");
  const page = new URL("events/song-played.html", options.served).href;
  await driver.open(page);
  check((await driver.text(await driver.find("h1"))) === "Song Played", "the served event page");
  const reloaded = async (what) => {
    await waitFor(driver, "return window.trackplanE2eMarker === undefined", what);
    await waitFor(driver, "return document.readyState === 'complete'", what);
  };
  await driver.run("window.trackplanE2eMarker = 1");
  writeFileSync(plan, original.replace("A song started.", "A song started playing, edited live."));
  await reloaded("a reload after the edit");
  check((await driver.text(await driver.find(".lead"))) === "A song started playing, edited live.", "the page reloaded with the edit");
  await driver.run("window.trackplanE2eMarker = 1");
  writeFileSync(plan, "{ \"formatVersion\": 1, \"name\": ");
  await reloaded("a reload into the diagnostics");
  check((await driver.text(await driver.find("h1"))).startsWith("The plan has 1 error"), "a broken plan shows its diagnostics");
  check(await driver.run("return getComputedStyle(document.querySelector('.diagnostic')).borderTopStyle === 'solid'"),
    "the diagnostics page is styled wherever it stands in");
  await driver.screenshot("serve-diagnostics.png");
  await driver.run("window.trackplanE2eMarker = 1");
  writeFileSync(plan, original);
  await reloaded("a reload once fixed");
  check((await driver.text(await driver.find("h1"))) === "Song Played", "fixing the plan brings the page back");
}

async function main() {
  const port = await freePort();
  const driverProcess = spawn(options.chromedriver, [`--port=${port}`], { stdio: ["ignore", "ignore", "pipe"] });
  let driverErrors = "";
  driverProcess.stderr.on("data", (chunk) => { driverErrors += chunk; });
  const profile = mkdtempSync(join(tmpdir(), "trackplan-e2e-"));
  const driver = new Driver(`http://127.0.0.1:${port}`);
  try {
    for (let i = 0; ; i++) {
      try {
        await driver.call("GET", "/status");
        break;
      } catch (error) {
        if (i > 100) {
          throw new Error(`chromedriver did not start: ${error.message}\n${driverErrors}`);
        }
        await sleep(100);
      }
    }
    await driver.start(options.chromium, profile);
    try {
      await ecommerce(driver);
      await synthetic(driver);
      if (options.served) {
        await served(driver);
      }
    } finally {
      await driver.stop().catch(() => {});
    }
    process.stdout.write(JSON.stringify(summary) + "\n");
  } finally {
    driverProcess.kill();
    rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.stdout.write(JSON.stringify(summary) + "\n");
  process.exit(1);
});
