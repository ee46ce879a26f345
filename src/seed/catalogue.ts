/**
 * What the demo and `bgtasks seed` write: task functions and failures an
 * InvenTree instance really produces, with arguments of many Python types so
 * every renderer is exercised. Values are built with the codec's value model.
 */
import {
  type PyValue,
  pyBytes,
  pyDate,
  pyDateTime,
  pyDecimal,
  pyDict,
  pyFrozenSet,
  pyList,
  pySet,
  pyTimedelta,
  pyTuple,
  pyUuid,
  PYTZ_UTC,
  TIMEZONE_UTC,
} from '../djangoq/index.js';

export interface TaskTemplate {
  /** Dotted path, as django-q's get_func_repr shows it. */
  func: string;
  /** The Python module when `func` is a method (`module.Class.method`): pickled as getattr(Class, 'method'). */
  module?: string;
  args: (n: number) => PyValue[];
  kwargs: (n: number) => Record<string, PyValue>;
  /** How it fails: exception class and message. */
  failure: (n: number) => { exception: string; message: string; line: string };
}

const PARTS = ['R-10K', 'C-100nF', 'M3x10-SHCS', 'ATMEGA328P', 'LED-0603-RED', 'XT60-F'];
const part = (n: number) => PARTS[n % PARTS.length]!;

export const TASKS: readonly TaskTemplate[] = [
  {
    func: 'part.tasks.check_stock',
    args: (n) => [part(n), BigInt(10 + (n % 7) * 10)],
    kwargs: (n) => ({ available: BigInt(n % 5) }),
    failure: (n) => ({ exception: 'ValueError', message: `Part ${part(n)}: need ${10 + (n % 7) * 10}, have ${n % 5}`, line: 'raise ValueError(msg)' }),
  },
  {
    func: 'part.tasks.update_part_pricing',
    args: (n) => [BigInt(1000 + n)],
    kwargs: (n) => ({ counter: BigInt(n % 3), price: pyDecimal(`${(n % 97) + 1}.${String(n % 100).padStart(2, '0')}00`), currency: 'EUR' }),
    failure: () => ({ exception: 'decimal.InvalidOperation', message: "[<class 'decimal.ConversionSyntax'>]", line: 'value = Decimal(str(price))' }),
  },
  {
    func: 'InvenTree.tasks.send_email',
    args: (n) => [`Stock alert #${n}`, `Part ${part(n)} is below its minimum stock level.\n\n— InvenTree`, pyList('purchasing@example.com', "o'brien@example.com")],
    kwargs: () => ({ html_message: pyBytes('<p>Part is <b>low</b> \u00e9</p>'), fail_silently: false }),
    failure: () => ({ exception: 'smtplib.SMTPServerDisconnected', message: 'Connection unexpectedly closed', line: 'self.connection.sendmail(from_email, recipients, message.as_bytes())' }),
  },
  {
    func: 'report.tasks.print_labels',
    args: (n) => [pyUuid(`6f1c${String(n).padStart(4, '0')}2b7e4a4e9c1f0a1b2c3d4e5f`.slice(0, 32)), pyTuple(BigInt(n), BigInt(n + 1))],
    kwargs: (n) => ({ copies: BigInt((n % 3) + 1), template: 'label/stock_item.html', dpi: 300.0, options: pyDict({ border: true, cut: null }) }),
    failure: () => ({ exception: 'KeyError', message: "'printer'", line: "printer = settings['printer']" }),
  },
  {
    func: 'stock.tasks.rebuild_stock_item_tree',
    args: (n) => [pySet(BigInt(n), BigInt(n * 2), BigInt(n * 3 + 1))],
    kwargs: (n) => ({ tree_id: -BigInt(n) - 1n, frozen: pyFrozenSet('a', 'b'), ratio: 1e-5 * (n + 1) }),
    failure: () => ({ exception: 'django.db.utils.OperationalError', message: 'deadlock detected\nDETAIL:  Process 4127 waits for ShareLock on transaction 9876; blocked by process 4133.', line: 'StockItem.objects.partial_rebuild(tree_id)' }),
  },
  {
    func: 'build.tasks.check_build_stock',
    args: (n) => [BigInt(n), pyDateTime({ year: 2024, month: 5, day: (n % 28) + 1, hour: 8, minute: 3, second: 12, microsecond: 345678, tzinfo: TIMEZONE_UTC })],
    kwargs: (n) => ({ due: pyDate(2024, 6, (n % 28) + 1), grace: pyTimedelta(n % 3, 3600 * (n % 5)), notify: true }),
    failure: (n) => ({ exception: 'build.models.Build.DoesNotExist', message: `Build matching query does not exist (pk=${n}).`, line: 'build = Build.objects.get(pk=build_id)' }),
  },
  {
    func: 'InvenTree.tasks.update_exchange_rates',
    args: () => [],
    kwargs: (n) => ({ force: n % 2 === 0, base: 'USD', rates: pyDict({ EUR: 0.92, GBP: 0.79, JPY: 155.25 }) }),
    failure: () => ({ exception: 'requests.exceptions.ConnectTimeout', message: "HTTPSConnectionPool(host='api.frankfurter.app', port=443): Max retries exceeded with url: /latest?from=USD (Caused by ConnectTimeoutError(<urllib3.connection.HTTPSConnection object at 0x7f3a2c1d5e50>, 'Connection to api.frankfurter.app timed out. (connect timeout=5)'))", line: 'response = requests.get(url, timeout=5)' }),
  },
  {
    func: 'plugin.base.integration.SettingsMixin.SettingsMixin.check_settings',
    module: 'plugin.base.integration.SettingsMixin',
    args: (n) => [`inventree-plugin-${n % 4}`],
    kwargs: () => ({ since: pyDateTime({ year: 2024, month: 1, day: 1, tzinfo: PYTZ_UTC }), huge: 2n ** 80n }),
    failure: () => ({ exception: 'TimeoutError', message: 'Task exceeded maximum timeout value (90 seconds)', line: 'plugin.check_settings()' }),
  },
  {
    func: 'order.tasks.check_overdue_purchase_orders',
    args: () => [],
    kwargs: () => ({}),
    failure: () => ({ exception: 'AttributeError', message: "'NoneType' object has no attribute 'email'", line: 'recipients.add(order.responsible.email)' }),
  },
];

/** Functions InvenTree registers as schedules, one per django-q schedule type. */
export const SCHEDULES: ReadonlyArray<{ func: string; type: string; minutes?: number; cron?: string; args?: string; kwargs?: string; name?: string | null }> = [
  { func: 'InvenTree.tasks.heartbeat', type: 'I', minutes: 5 },
  { func: 'InvenTree.tasks.delete_successful_tasks', type: 'D' },
  { func: 'InvenTree.tasks.delete_failed_tasks', type: 'D' },
  { func: 'InvenTree.tasks.check_for_updates', type: 'D' },
  { func: 'InvenTree.tasks.update_exchange_rates', type: 'D', kwargs: "force=False" },
  { func: 'common.tasks.delete_old_notifications', type: 'W' },
  { func: 'part.tasks.check_stale_stock', type: 'H', name: null },
  { func: 'order.tasks.check_overdue_sales_orders', type: 'BW' },
  { func: 'report.tasks.cleanup_old_reports', type: 'M', args: '30' },
  { func: 'stock.tasks.stocktake_report', type: 'BM', args: "1, 2, 'John'" },
  { func: 'InvenTree.tasks.run_backup', type: 'Q' },
  { func: 'users.tasks.expire_old_tokens', type: 'Y' },
  { func: 'plugin.registry.reload_plugins', type: 'C', cron: '0 3 * * 1-5' },
  { func: 'InvenTree.tasks.migrate_stock_locations', type: 'O', kwargs: "sep=' + '" },
];

/** django-q stores a failure's result as f"{e} : {traceback.format_exc()}". */
export function failureText(func: string, failure: { exception: string; message: string; line: string }): string {
  const parts = func.split('.');
  const fn = parts[parts.length - 1]!;
  const file = `/home/inventree/src/backend/InvenTree/${parts.slice(0, Math.max(1, parts.length - 1)).join('/')}.py`;
  return [
    `${failure.message} : Traceback (most recent call last):`,
    '  File "/root/.local/lib/python3.11/site-packages/django_q/worker.py", line 97, in worker',
    '    res = f(*task["args"], **task["kwargs"])',
    '          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
    `  File "${file}", line ${40 + (fn.length % 60)}, in ${fn}`,
    `    ${failure.line}`,
    `${failure.exception}: ${failure.message}`,
    '',
  ].join('\n');
}
