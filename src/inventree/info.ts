/**
 * GET /api/ — InvenTree 0.15's InfoView: what a client reads first to know it
 * talks to InvenTree and which API version. Values are this service's truth:
 * no plugins, no e-mail, no debug; the worker status and pending count are the
 * overview's (same rules, same cache).
 */
import { existsSync } from 'node:fs';
import { arch, release, type } from 'node:os';
import type { OperationHandlers } from '../../generated/operations.js';
import { InfoStaffCheck } from '../auth/info-staff.js';
import type { RequestContext } from '../context.js';
import { packageVersion } from '../paths.js';
import { INVENTREE_VERSION, inventreeApiVersion } from './profile.js';

type Handlers = OperationHandlers<RequestContext>;

let docker: boolean | undefined;
/** settings.DOCKER: InvenTree sets it in its image; here, whether we run in a container. */
export function dockerMode(): boolean {
  docker ??= existsSync('/.dockerenv');
  return docker;
}

/** Python's platform.platform() shape (`Linux-6.1.0-18-amd64-x86_64`), without the libc suffix. */
export function platformName(): string {
  const machine = ({ x64: 'x86_64', arm64: 'aarch64', ia32: 'i686' } as Record<string, string>)[arch()] ?? arch();
  return `${type()}-${release()}-${machine}`;
}

/**
 * One check per application (it caches which session tables exist). The
 * request context is rebuilt per request from the process-wide services, so
 * the check is keyed on one of their objects.
 */
const staffChecks = new WeakMap<object, InfoStaffCheck>();

function staffCheck(context: RequestContext): InfoStaffCheck {
  let check = staffChecks.get(context.counts);
  if (!check) {
    check = new InfoStaffCheck({
      db: context.readDb,
      secretKeys: context.signingKeys,
      timeZone: context.config.timeZone,
      log: context.request.log,
    });
    staffChecks.set(context.counts, check);
  }
  return check;
}

export const infoRetrieve: Handlers['info_retrieve'] = async ({ context }) => {
  const [counts, staff] = await Promise.all([context.counts.get(), staffCheck(context).isStaff(context.request)]);
  const inventree = context.config.apiCompat === 'inventree';
  // Key order is InfoView's dict order.
  return {
    status: 200,
    // InfoView answers with Django's JsonResponse, not DRF's renderer (schema mode: compact, as every other answer).
    ...(inventree ? { renderer: 'django-json' as const } : {}),
    body: {
      server: 'InvenTree',
      version: INVENTREE_VERSION,
      instance: context.config.instanceName,
      apiVersion: inventreeApiVersion(),
      worker_running: counts.isRunning,
      worker_pending_tasks: counts.pending,
      plugins_enabled: false,
      // Nothing can be installed into this service.
      plugins_install_disabled: true,
      // plugins_info() is False when plugins are disabled.
      active_plugins: false,
      email_configured: false,
      debug_mode: false,
      docker_mode: dockerMode(),
      default_locale: 'en-us',
      // check_system_health() also requires e-mail to be configured: never true here.
      system_health: staff ? false : null,
      database: staff ? 'postgresql' : null,
      platform: staff ? platformName() : null,
      // INVENTREE_PKG_INSTALLER / INVENTREE_PKG_TARGET describe an InvenTree install: none here.
      installer: null,
      target: null,
      ...(inventree ? {} : { service: `background-task-api ${packageVersion()}` }),
    },
  };
};
