import fs from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { AuthenticatedUser } from '../auth/roles.js';
import type { RouteDefinition } from '../http/route.js';
import { FULL_SCALE_DONATIONS_TENGE, FULL_SCALE_RECIPIENTS } from '../seed/demo-plan.js';
import type { DemoSeedSummary } from '../seed/demo-seed.js';
import type { Services } from '../services.js';
import { EXIT_ERROR, migrate, servicesOver, withDatabase } from './cli-support.js';

/** The reports `jomart report NAME` can write: the same as GET /v1/reports/NAME. */
export const REPORT_NAMES = [
  'recipients',
  'patrons',
  'funds',
  'regions',
  'categories',
  'trial-balance',
] as const;
const USER_ROLES = ['staff', 'auditor', 'admin'] as const;
const DEFAULT_DEMO_SCALE = 0.01;
const DEFAULT_DEMO_SEED = 1;
const GENERATED_PASSWORD_BYTES = 15;
const MAX_PASSWORD_STDIN_BYTES = 4096;

/** `seed demo`, `close-period`, `users create`, `report NAME`. */
export function adminCommands(): Command[] {
  return [usersCommand(), closePeriodCommand(), reportCommand(), seedCommand()];
}

function usersCommand(): Command {
  const create = new Command('create')
    .description(
      'create a staff, auditor or admin user; without --password-stdin a password is generated and printed once',
    )
    .requiredOption('--email <email>', 'the login email')
    .addOption(new Option('--role <role>', 'what the user may do').choices(USER_ROLES).makeOptionMandatory())
    .option('--name <name>', 'the name shown in the console and the audit trail')
    .option('--password-stdin', 'read the password from standard input (10 to 200 characters)')
    .action(
      (options: {
        email: string;
        role: (typeof USER_ROLES)[number];
        name?: string;
        passwordStdin?: boolean;
      }) =>
        withDatabase(async (database, config) => {
          await migrate(database);
          const generated = options.passwordStdin ? null : generatedPassword();
          const password = generated ?? (await readPasswordFromStdin());
          const services = await servicesOver(database, config);
          const user = await services.users.create(
            { email: options.email, password, role: options.role, name: options.name },
            null,
          );
          console.log(`created ${user.role} user ${user.id} <${user.email}>`);
          if (generated !== null) console.log(`password (shown once, keep it safe): ${generated}`);
          return 0;
        }),
    );
  return new Command('users').description('manage the people who log in').addCommand(create);
}

function generatedPassword(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(GENERATED_PASSWORD_BYTES))).toString('base64url');
}

async function readPasswordFromStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin.setEncoding('utf8')) {
    text += chunk as string;
    if (text.length > MAX_PASSWORD_STDIN_BYTES)
      throw new InvalidArgumentError('the password on stdin is too long');
  }
  // A password piped with echo ends with a newline that is not part of it.
  return text.replace(/\r?\n$/, '');
}

function closePeriodCommand(): Command {
  return new Command('close-period')
    .description(
      'refuse entries dated on or before a day from now on (the day must have ended, with no pending entries in it)',
    )
    .requiredOption('--through <date>', 'the last day of the closed period, YYYY-MM-DD')
    .action((options: { through: string }) =>
      withDatabase(async (database, config) => {
        await migrate(database);
        const services = await servicesOver(database, config);
        const { closedThrough } = await services.ledger.closePeriod(options.through);
        console.log(`books closed through ${closedThrough}`);
        return 0;
      }),
    );
}

interface ReportOptions {
  format: 'json' | 'csv';
  from?: string;
  to?: string;
  at?: string;
  region?: string;
  fund?: string;
  category?: string;
  output?: string;
  showIin?: boolean;
}

function reportCommand(): Command {
  return new Command('report')
    .description(
      `write a report (the same as GET /v1/reports/NAME, JSON or the same CSV): ${REPORT_NAMES.join(', ')}`,
    )
    .argument('<name>', `one of ${REPORT_NAMES.join(', ')}`)
    .addOption(
      new Option('--format <format>', 'json, or csv (UTF-8 with BOM)')
        .choices(['json', 'csv'])
        .default('json'),
    )
    .option('--from <date>', 'first value date, YYYY-MM-DD, inclusive')
    .option('--to <date>', 'last value date, YYYY-MM-DD, inclusive')
    .option('--at <date>', 'trial-balance only: entries dated on or before this day (default today)')
    .option('--region <code>', 'recipients, categories: only this region (e.g. KZ-75)')
    .option('--fund <id>', 'only this fund id')
    .option('--category <category>', 'recipients, regions: only this aid category')
    .option(
      '--show-iin',
      'recipients: show full IINs (as staff see them); masked by default, as auditors see them',
    )
    .option('-o, --output <file>', 'write here instead of stdout')
    .action((name: string, options: ReportOptions) =>
      withDatabase(async (database, config) => {
        const { reportRoutes } = await import('../reports/report-routes.js');
        const route = reportRoutes(await servicesOver(database, config)).find(
          (candidate) => candidate.path === `/v1/reports/${name}`,
        );
        if (!route || !(REPORT_NAMES as readonly string[]).includes(name)) {
          console.error(`unknown report "${name}": choose one of ${REPORT_NAMES.join(', ')}`);
          return EXIT_ERROR;
        }
        await migrate(database);
        return writeReport(route, options);
      }),
    );
}

/** Runs the API's own route handler, so the query rules, the figures and the CSV are the API's. */
async function writeReport(route: RouteDefinition, options: ReportOptions): Promise<number> {
  const { output, showIin, ...query } = options;
  const parsed = route.query?.safeParse(
    Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined)),
  );
  if (parsed && !parsed.success) {
    console.error(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || 'options'}: ${issue.message}`).join('\n'),
    );
    return EXIT_ERROR;
  }
  const viewer: AuthenticatedUser = {
    id: 0,
    email: 'cli@jomart.local',
    role: showIin ? 'staff' : 'auditor',
    name: 'jomart CLI',
    patronId: null,
  };
  const result = await route.handle({
    user: viewer,
    params: {},
    query: parsed?.data ?? {},
    body: undefined,
    requestId: `cli-report-${process.pid}`,
    trx: undefined,
  });
  const text = typeof result.body === 'string' ? result.body : `${JSON.stringify(result.body, null, 2)}\n`;
  if (output) {
    fs.writeFileSync(output, text);
    console.error(`wrote ${route.path.replace('/v1/reports/', '')} (${options.format}) to ${output}`);
  } else {
    process.stdout.write(text);
  }
  return 0;
}

interface SeedDemoOptions {
  recipients?: number;
  scale: number;
  seed: number;
  force?: boolean;
}

function seedCommand(): Command {
  const demo = new Command('demo')
    .description(
      `book a realistic, reproducible demo year through the services (the API's rules): the 20 regions, ` +
        `recipients, patrons, restricted funds, donations of about ${formatTenge(FULL_SCALE_DONATIONS_TENGE)} ` +
        `tenge and aid to ${FULL_SCALE_RECIPIENTS.toLocaleString('en')} people at --scale 1, some aid ` +
        `pending approval and a few reversals. The default scale takes seconds; --scale 1 books about ` +
        `60,000 entries one at a time and takes several minutes (about 10 on SQLite, longer on PostgreSQL). ` +
        `Refuses a ledger that already has entries unless --force`,
    )
    .option('--recipients <count>', 'people to help (default 35,000 × scale)', positiveInteger)
    .option(
      '--scale <factor>',
      'size of the data set; 1 is a full charity year',
      positiveNumber,
      DEFAULT_DEMO_SCALE,
    )
    .option('--seed <number>', 'the same seed gives the same data', nonNegativeInteger, DEFAULT_DEMO_SEED)
    .option('--force', 'add the demo data even though the ledger already has entries')
    .action((options: SeedDemoOptions) =>
      withDatabase(async (database, config) => {
        await migrate(database);
        const services = await servicesOver(database, config);
        const { seedDemo } = await import('../seed/demo-seed.js');
        const startedMs = Date.now();
        const summary = await seedDemo(
          services,
          { ...options, force: options.force ?? false },
          progressPrinter(),
        );
        printSeedSummary(services, summary, (Date.now() - startedMs) / 1000);
        return 0;
      }),
    );
  return new Command('seed').description('fill the ledger with data to try the product on').addCommand(demo);
}

function progressPrinter(): (done: number, total: number) => void {
  if (!process.stderr.isTTY) return () => {};
  let lastPercent = -1;
  return (done, total) => {
    const percent = Math.floor((done * 100) / total);
    if (percent === lastPercent) return;
    lastPercent = percent;
    process.stderr.write(
      `\rseeding the demo data: ${percent}% (${done}/${total})${done === total ? '\n' : ''}`,
    );
  };
}

function printSeedSummary(services: Services, summary: DemoSeedSummary, seconds: number): void {
  const lines = [
    `demo data seeded in ${seconds.toFixed(1)} s${summary.verified ? ', journal verified' : ', JOURNAL DOES NOT VERIFY'}`,
    `  funds: ${summary.funds} (general and restricted), patrons: ${summary.patrons}, recipients: ${summary.recipients}`,
    `  donations: ${summary.donations} (+${summary.returnedDonations} returned and reversed)`,
    `  aid: ${summary.aidPosted} paid, ${summary.aidPending} pending approval (at or above ${services.settings.aidApprovalThreshold.toString()}), ${summary.aidReversed} reversed and paid again`,
    `  donated in the ledger: ${summary.donatedTotal.toString()} KZT; aid paid: ${summary.aidTotal.toString()} KZT; people helped: ${summary.peopleHelped}`,
  ];
  for (const user of summary.users) {
    lines.push(
      `  staff user ${user.email}: ${user.generatedPassword === null ? 'already existed' : `password (shown once) ${user.generatedPassword}`}`,
    );
  }
  console.log(lines.join('\n'));
}

function formatTenge(tenge: number): string {
  return tenge.toLocaleString('en');
}

function positiveNumber(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0)
    throw new InvalidArgumentError('must be a number greater than 0');
  return value;
}

function positiveInteger(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new InvalidArgumentError('must be a whole number greater than 0');
  return value;
}

function nonNegativeInteger(text: string): number {
  const value = Number(text);
  if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(value))
    throw new InvalidArgumentError('must be a whole number');
  return value;
}
