/**
 * Every setting the service reads from the environment, in one table: the
 * parser, the default and the text `--help` and the README show. Parsing
 * collects all problems so a bad deployment hears about each at once.
 */
import { type ProxyTrust, parseTrustProxy, trustsAnyProxy } from './trust-proxy.js';

export type ApiCompat = 'schema' | 'inventree';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  databaseUrl: string | undefined;
  readDatabaseUrl: string | undefined;
  dataDir: string;
  host: string;
  port: number;
  /** Django SECRET_KEY of the InvenTree instance; undefined = not configured. */
  secretKey: string | undefined;
  /** Django SECRET_KEY_FALLBACKS, tried after secretKey. */
  secretKeyFallbacks: string[];
  qClusterName: string;
  /** django-q's Q_CLUSTER['retry'] in seconds: how long a claimed ORM-broker task is held. */
  qRetrySeconds: number;
  apiCompat: ApiCompat;
  /** EXTENSIONS: undefined = the API_COMPAT default (see config/extensions.ts). */
  extensions: 'on' | 'off' | undefined;
  timeZone: string;
  logLevel: LogLevel;
  /** Whether forwarded headers are honoured at all (derived from proxyTrust). */
  trustProxy: boolean;
  /** TRUST_PROXY: which hops are trusted (see trust-proxy.ts). */
  proxyTrust: ProxyTrust;
  authCacheSeconds: number;
  authRateLimitPerMinute: number;
  authHashQueue: number;
  csrfTrustedOrigins: string[];
  countsTtlSeconds: number;
  metricsToken: string | undefined;
  shutdownGraceSeconds: number;
  dbStatementTimeoutMs: number;
  dbPoolMax: number;
  dbConnectRetrySeconds: number;
  streamIdleSeconds: number;
  adminUsername: string | undefined;
  adminPassword: string | undefined;
  adminToken: string | undefined;
  /** What `GET /api/` calls this instance (InvenTree's INVENTREE_INSTANCE setting). */
  instanceName: string;
  /** Refuse every write (token creation, bulk DELETE) with a 403. */
  readOnly: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

interface Setting<K extends keyof Config> {
  env: string;
  key: K;
  help: string;
  /** Shown in --help; undefined = no default. */
  defaultText?: string;
  /** Returns the parsed value or throws a message (without the variable name). */
  parse(raw: string | undefined): Config[K];
  secret?: boolean;
}

const str = (fallback?: string) => (raw: string | undefined) => (raw === undefined || raw === '' ? fallback : raw);

function int(fallback: number, min: number, max: number) {
  return (raw: string | undefined): number => {
    if (raw === undefined || raw.trim() === '') return fallback;
    if (!/^\s*\d+\s*$/.test(raw)) throw new Error(`must be a whole number, got "${raw}"`);
    const n = Number(raw);
    if (n < min || n > max) throw new Error(`must be between ${min} and ${max}, got ${n}`);
    return n;
  };
}

const TRUTHY = new Set(['1', 'y', 'yes', 't', 'true', 'on', 'ok']);
const FALSY = new Set(['0', 'n', 'no', 'f', 'false', 'off', '']);
function bool(raw: string | undefined): boolean {
  if (raw === undefined) return false;
  const v = raw.trim().toLowerCase();
  if (TRUTHY.has(v)) return true;
  if (FALSY.has(v)) return false;
  throw new Error(`must be true or false, got "${raw}"`);
}

function list(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * An API token key InvenTree would accept: its ApiToken.key is a CharField
 * with max_length=100 and MinLengthValidator(50) (users/models.py, 0.15), and
 * it must travel in an `Authorization: Token <key>` header, so printable
 * ASCII without spaces. InvenTree's own keys look like inv-<40 hex>-<YYYYMMDD>.
 */
function adminToken(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (raw.length < 50 || raw.length > 100 || !/^[\x21-\x7e]+$/.test(raw))
    throw new Error(
      `must be an InvenTree API token: 50 to 100 printable ASCII characters without spaces, like inv-<40 hex digits>-<YYYYMMDD> (got ${raw.length} characters${/^[\x21-\x7e]*$/.test(raw) ? '' : ' including spaces or other characters'})`,
    );
  return raw;
}

function postgresUrl(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('must be a URL like postgres://user:password@host:5432/dbname');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:')
    throw new Error(`must start with postgres:// or postgresql://, got "${url.protocol}//"`);
  return raw;
}

function timeZone(raw: string | undefined): string {
  const tz = raw === undefined || raw === '' ? 'UTC' : raw;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    throw new Error(`is not a known IANA time zone: "${tz}"`);
  }
  return tz;
}

function oneOf<T extends string>(values: readonly T[], fallback: T) {
  return (raw: string | undefined): T => {
    if (raw === undefined || raw === '') return fallback;
    const v = raw.trim().toLowerCase() as T;
    if (!values.includes(v)) throw new Error(`must be one of ${values.join(', ')}, got "${raw}"`);
    return v;
  };
}

function port(raw: string | undefined): number {
  return int(8000, 0, 65535)(raw);
}

// biome-ignore lint/suspicious/noExplicitAny: heterogenous table, each row typed by its constructor
export const SETTINGS: readonly Setting<any>[] = [
  { env: 'DATABASE_URL', key: 'databaseUrl', parse: postgresUrl, secret: true, help: 'PostgreSQL URL of the InvenTree/django-q database. Unset: embedded PGlite in DATA_DIR.' },
  { env: 'READ_DATABASE_URL', key: 'readDatabaseUrl', parse: postgresUrl, secret: true, help: 'Optional read replica: every GET reads here; writes go to DATABASE_URL.' },
  { env: 'DATA_DIR', key: 'dataDir', parse: str('./data'), defaultText: './data', help: 'Where the embedded database and its generated SECRET_KEY live.' },
  { env: 'HOST', key: 'host', parse: str('127.0.0.1'), defaultText: '127.0.0.1', help: 'Interface to listen on (0.0.0.0 in containers).' },
  { env: 'PORT', key: 'port', parse: port, defaultText: '8000', help: 'TCP port to listen on.' },
  { env: 'SECRET_KEY', key: 'secretKey', parse: str(undefined), secret: true, help: "The Django SECRET_KEY of the InvenTree instance (verifies task payloads and sessions). Embedded database: generated and kept in DATA_DIR." },
  { env: 'SECRET_KEY_FALLBACKS', key: 'secretKeyFallbacks', parse: list, secret: true, help: "Comma-separated older keys, tried after SECRET_KEY (Django's SECRET_KEY_FALLBACKS)." },
  { env: 'Q_CLUSTER_NAME', key: 'qClusterName', parse: str('InvenTree'), defaultText: 'InvenTree', help: "django-q's Q_CLUSTER name: the salt of signed task payloads." },
  { env: 'Q_RETRY_SECONDS', key: 'qRetrySeconds', parse: int(60, 1, 31_536_000), defaultText: '60', help: "django-q's Q_CLUSTER['retry'] (seconds; InvenTree sets its own): how long a claimed pending task is held (django-q 1.3.9 tables), and the lock of what retry/run enqueue." },
  { env: 'API_COMPAT', key: 'apiCompat', parse: oneOf(['schema', 'inventree'] as const, 'schema'), defaultText: 'schema', help: 'schema: responses validate against the OpenAPI document; inventree: byte-for-byte InvenTree 0.15.x.' },
  { env: 'EXTENSIONS', key: 'extensions', parse: (raw: string | undefined) => (raw === undefined || raw === '' ? undefined : oneOf(['on', 'off'] as const, 'on')(raw)), defaultText: 'on with API_COMPAT=schema, off with inventree', help: 'on|off: serve the extension routes (OpenAPI tag extensions) beyond InvenTree 0.15.' },
  { env: 'TIME_ZONE', key: 'timeZone', parse: timeZone, defaultText: 'UTC', help: "InvenTree's TIME_ZONE: datetimes in inventree mode and token expiry days." },
  { env: 'LOG_LEVEL', key: 'logLevel', parse: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'), defaultText: 'info', help: 'pino log level.' },
  { env: 'TRUST_PROXY', key: 'proxyTrust', parse: parseTrustProxy, defaultText: 'false', help: 'Proxies in front whose X-Forwarded-For/-Proto/-Host (and client X-Request-Id) are honoured: false, true (= 1), a number of proxies, or comma-separated proxy addresses/CIDRs. 1 is right behind one reverse proxy.' },
  { env: 'AUTH_CACHE_SECONDS', key: 'authCacheSeconds', parse: int(60, 0, 86400), defaultText: '60', help: 'How long a verified password is remembered (0 disables the cache).' },
  { env: 'AUTH_RATE_LIMIT', key: 'authRateLimitPerMinute', parse: int(20, 0, 1_000_000), defaultText: '20', help: 'Failed token/basic attempts allowed per client address per minute (0 disables).' },
  { env: 'AUTH_HASH_QUEUE', key: 'authHashQueue', parse: int(32, 0, 100_000), defaultText: '32', help: 'Password checks allowed to wait for a hashing slot; beyond it a Basic request gets 503 with Retry-After at once.' },
  { env: 'CSRF_TRUSTED_ORIGINS', key: 'csrfTrustedOrigins', parse: list, help: "Comma-separated origins trusted for session DELETEs (Django's CSRF_TRUSTED_ORIGINS)." },
  { env: 'COUNTS_TTL_SECONDS', key: 'countsTtlSeconds', parse: int(2, 0, 3600), defaultText: '2', help: 'Queue counts are cached this long, shared by the overview and /metrics.' },
  { env: 'METRICS_TOKEN', key: 'metricsToken', parse: str(undefined), secret: true, help: 'When set, /metrics requires Authorization: Bearer <token>.' },
  { env: 'SHUTDOWN_GRACE_SECONDS', key: 'shutdownGraceSeconds', parse: int(10, 0, 3600), defaultText: '10', help: 'On SIGTERM, how long in-flight requests may take.' },
  { env: 'DB_STATEMENT_TIMEOUT_MS', key: 'dbStatementTimeoutMs', parse: int(5000, 0, 3_600_000), defaultText: '5000', help: 'Per-statement timeout on PostgreSQL (0 = none).' },
  { env: 'DB_CONNECT_RETRY_SECONDS', key: 'dbConnectRetrySeconds', parse: int(30, 0, 3600), defaultText: '30', help: 'At start, how long to keep retrying an unreachable DATABASE_URL before exiting.' },
  { env: 'DB_POOL_MAX', key: 'dbPoolMax', parse: int(10, 1, 1000), defaultText: '10', help: 'Connections per pool (PostgreSQL adds a pool of 2 for authentication).' },
  { env: 'STREAM_IDLE_SECONDS', key: 'streamIdleSeconds', parse: int(30, 0, 86400), defaultText: '30', help: 'A streamed (unpaginated) list whose client reads nothing this long is cut off and its database cursor released (0 = never).' },
  { env: 'ADMIN_USERNAME', key: 'adminUsername', parse: str(undefined), help: 'Embedded database, first start: name of the staff user to create (default admin).' },
  { env: 'ADMIN_PASSWORD', key: 'adminPassword', parse: str(undefined), secret: true, help: 'Embedded database, first start: its password (default: random, shown once on a terminal, else written to DATA_DIR/admin-credentials.txt, mode 0600).' },
  { env: 'ADMIN_TOKEN', key: 'adminToken', parse: adminToken, secret: true, help: 'Embedded database, first start: its API token, 50-100 printable characters like inv-<40 hex>-<YYYYMMDD> (default: random, shown like the password).' },
  { env: 'INSTANCE_NAME', key: 'instanceName', parse: str('InvenTree'), defaultText: 'InvenTree', help: "The instance name GET /api/ reports (InvenTree's INVENTREE_INSTANCE setting)." },
  { env: 'READ_ONLY', key: 'readOnly', parse: bool, defaultText: 'false', help: 'true: refuse every write (API token creation, bulk DELETE) with 403 {"detail": "This server is read-only."}.' },
];

/** Parses the environment; throws one ConfigError listing every bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const config: Partial<Config> = {};
  const problems: string[] = [];
  for (const setting of SETTINGS) {
    try {
      (config as Record<string, unknown>)[setting.key] = setting.parse(env[setting.env]);
    } catch (err) {
      problems.push(`${setting.env} ${(err as Error).message}`);
    }
  }
  if (problems.length) throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  config.trustProxy = trustsAnyProxy(config.proxyTrust as ProxyTrust);
  return config as Config;
}
