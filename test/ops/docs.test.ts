/**
 * GET /api/schema/ (YAML or JSON) and GET /api/docs/ (Swagger UI): every
 * asset the page references is served from here; in Debian's chromium
 * (through playwright-core) the page renders with no outside request and
 * no console error, offers the three security schemes, and "Try it out"
 * with a token returns the overview. Skipped with a reason where chromium
 * is absent (CI installs it).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { parse as parseYaml } from 'yaml';
import { DOCS_URL, SCHEMA_URL } from '../../src/ops/docs.js';
import { PROJECT_ROOT, SPEC_PATH } from '../../src/paths.js';
import { createTestApp } from '../helpers/app.js';
import { staffAuthorization } from '../helpers/users.js';

const { app, database } = await createTestApp(t);
const yamlText = readFileSync(SPEC_PATH, 'utf8');
const spec = parseYaml(yamlText) as { paths: Record<string, unknown>; components: { securitySchemes: Record<string, unknown> } };

t.test('/api/schema/: the document as stored, YAML by default', async (t) => {
  const res = await app.inject(SCHEMA_URL);
  t.equal(res.statusCode, 200);
  t.equal(res.headers['content-type'], 'application/vnd.oai.openapi; charset=utf-8');
  t.equal(res.body, yamlText, 'byte for byte');
  const browser = await app.inject({ url: SCHEMA_URL, headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
  t.equal(browser.body, yamlText, 'a browser gets YAML too');
});

t.test('/api/schema/: JSON with ?format=json or Accept: application/json', async (t) => {
  for (const req of [
    { url: `${SCHEMA_URL}?format=json` },
    { url: SCHEMA_URL, headers: { accept: 'application/json' } },
    { url: SCHEMA_URL, headers: { accept: 'application/vnd.oai.openapi+json' } },
  ]) {
    const res = await app.inject(req);
    t.equal(res.statusCode, 200);
    t.equal(res.headers['content-type'], 'application/vnd.oai.openapi+json; charset=utf-8');
    t.same(res.json(), spec, JSON.stringify(req));
  }
  t.equal((await app.inject({ url: `${SCHEMA_URL}?format=yaml`, headers: { accept: 'application/json' } })).body, yamlText, 'format wins');
  const bad = await app.inject(`${SCHEMA_URL}?format=xml`);
  t.equal(bad.statusCode, 404);
  t.equal(bad.headers['content-type'], 'application/json');
  t.match(bad.json(), { detail: 'API endpoint not found' });
  t.equal((await app.inject({ method: 'HEAD', url: SCHEMA_URL })).statusCode, 200);
});

t.test('the InvenTree document stays the InvenTree contract', async (t) => {
  // The background-task section, plus the three InvenTree endpoints its clients call first (tag InvenTree).
  for (const path of Object.keys(spec.paths)) t.match(path, /^\/api\/(background-task\/|user\/(me|token)\/$|$)/);
  t.same(Object.keys(spec.components.securitySchemes).sort(), ['basicAuth', 'cookieAuth', 'tokenAuth']);
});

/** Every href/src of a page, and the URLs its initializer script loads. */
const references = (html: string) => [...html.matchAll(/\s(?:href|src)="([^"]+)"/g)].map((m) => m[1]!);

t.test('/api/docs/: the page and every asset it references, all local', async (t) => {
  const res = await app.inject(DOCS_URL);
  t.equal(res.statusCode, 200);
  t.equal(res.headers['content-type'], 'text/html; charset=utf-8');
  t.match(res.headers['content-security-policy'], /script-src 'self'/);
  const refs = references(res.body);
  t.ok(refs.length >= 6, `${refs.length} assets`);
  for (const ref of refs) t.notMatch(ref, /^(https?:)?\/\//, `${ref} is served from here`);
  const initializer = await app.inject(new URL('./static/swagger-initializer.js', `http://x${DOCS_URL}`).pathname);
  const code = initializer.body.replace(/^\s*\/\/.*$/gm, '');
  t.notMatch(code, /https?:\/\//, 'the initializer loads nothing from elsewhere');
  const fromInitializer = ['./json', './static/oauth2-redirect.html'];
  t.match(initializer.body, /resolveUrl\('\.\/json'\)/);
  const types: Record<string, string> = {
    css: 'text/css; charset=utf-8',
    js: 'application/javascript; charset=utf-8',
    png: 'image/png',
    html: 'text/html; charset=utf-8',
    json: 'application/json; charset=utf-8',
  };
  for (const ref of [...refs, ...fromInitializer]) {
    const url = new URL(ref, `http://x${DOCS_URL}`).pathname;
    const asset = await app.inject(url);
    t.equal(asset.statusCode, 200, url);
    t.ok(asset.rawPayload.length > 0, `${url} not empty`);
    const ext = url.endsWith('/json') ? 'json' : (url.split('.').pop() ?? '');
    if (types[ext]) t.equal(asset.headers['content-type'], types[ext]!, `${url} content type`);
  }
  const json = (await app.inject(`${DOCS_URL}json`)).json();
  t.same(json.servers, [{ url: '/', description: 'this server' }], '"Try it out" calls this server');
  t.same(json.paths, spec.paths);
  t.same(json.components.securitySchemes, spec.components.securitySchemes);
  t.equal((await app.inject('/api/docs/static/no-such-asset.js')).statusCode, 404);
});

/** Debian's chromium, or CHROMIUM_PATH. */
function findChromium(): string | undefined {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      const path = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
      if (path) return path;
    } catch {}
  }
  return undefined;
}

const chromiumPath = findChromium();
const noBrowser = chromiumPath ? false : 'chromium not found (apt-get install -y chromium, or set CHROMIUM_PATH)';
if (noBrowser) t.comment(`browser check skipped: ${noBrowser}`);

t.test('/api/docs/ in chromium: renders offline, three schemes, Try it out with a token', { skip: noBrowser }, async (t) => {
  const { chromium } = await import('playwright-core');
  const authorization = await staffAuthorization(database.db);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const browser = await chromium.launch({
    executablePath: chromiumPath as string,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  t.teardown(() => browser.close());
  const page = await browser.newPage();
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));

  await page.goto(`${base}${DOCS_URL}`, { waitUntil: 'networkidle' });
  await page.waitForSelector('.swagger-ui .info .title', { timeout: 20_000 });
  t.match(await page.textContent('.swagger-ui .info .title'), /InvenTree API/);
  t.ok(await page.isVisible('#operations-background-task-background_task_retrieve'), 'operations listed');

  await page.click('.auth-wrapper .authorize');
  await page.waitForSelector('.modal-ux .auth-container');
  const schemes = await page.$$eval('.modal-ux .auth-container h4', (els) => els.map((e) => e.textContent ?? ''));
  for (const name of ['tokenAuth', 'basicAuth', 'cookieAuth']) t.ok(schemes.some((s) => s.includes(name)), `${name} offered`);
  const tokenForm = page.locator('.modal-ux .auth-container', { hasText: 'tokenAuth' });
  await tokenForm.locator('input').fill(authorization);
  await tokenForm.locator('button.authorize').click();
  await page.click('.modal-ux .btn-done, .modal-ux .close-modal');

  await page.click('#operations-background-task-background_task_retrieve .opblock-summary');
  await page.click('#operations-background-task-background_task_retrieve .try-out__btn');
  await page.click('#operations-background-task-background_task_retrieve .execute');
  const status = page.locator('#operations-background-task-background_task_retrieve .live-responses-table tr.response .response-col_status');
  await status.first().waitFor({ timeout: 20_000 });
  t.equal((await status.first().textContent())?.trim(), '200', 'the API answered the page');
  t.match(await page.textContent('#operations-background-task-background_task_retrieve .live-responses-table'), /pending_tasks/);

  mkdirSync(join(PROJECT_ROOT, '.tap'), { recursive: true });
  await page.screenshot({ path: join(PROJECT_ROOT, '.tap/api-docs.png'), fullPage: false });
  const foreign = requests.filter((u) => !u.startsWith(base) && !u.startsWith('data:'));
  t.same(foreign, [], 'no request left this server');
  t.same(problems, [], 'no console errors (CSP included)');
});
